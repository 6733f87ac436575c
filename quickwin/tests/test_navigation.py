"""Each role's navigation shows exactly what that role may use."""

import re

import pytest
from django.urls import reverse

NAV = {
    "todo": ("initiatives:todo", []),
    "mine": ("initiatives:mine", []),
    "all": ("initiatives:list", []),
    "rounds": ("initiatives:round_list", []),
    "monitoring": ("monitoring:board_current", []),
    "my_reviews": ("evaluations:my_reviews", []),
    "review_board": ("evaluations:board", []),
    "dashboard": ("dashboard:index", []),
    "control_room": ("dashboard:control_room", []),
    "audit": ("dashboard:audit", []),
    "admin": ("admin:index", []),
}

EXPECTED = {
    "operator": {"todo", "mine"},
    "colleague": {"todo", "mine"},  # an agency head also sees the agency scorecard (checked below)
    "reviewer": {"all", "my_reviews"},
    "bureau_admin": {
        "all",
        "rounds",
        "monitoring",
        "review_board",
        "dashboard",
        "control_room",
        "audit",
        "admin",
    },
    "leader": {"all", "review_board", "dashboard"},  # reads everything, changes nothing
}


def _nav_links(html):
    nav = html[html.index('data-testid="main-nav"') : html.index("</ul>", html.index("main-nav"))]
    return set(re.findall(r'href="([^"?]+)', nav))


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_sees_only_its_navigation(db, client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    links = _nav_links(client.get(reverse("profile")).text)
    shown = {key for key, (name, args) in NAV.items() if reverse(name, args=args) in links}
    assert shown == EXPECTED[role]
    scorecard = reverse("dashboard:agency", args=[user.agency_id]) if user.agency_id else None
    assert (scorecard in links) == (role == "colleague")
