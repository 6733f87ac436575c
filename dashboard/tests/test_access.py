"""Who may open each dashboard page; nothing on them accepts a write."""

import pytest
from django.urls import reverse

from accounts.tests.factories import HeadFactory


@pytest.mark.parametrize("who", ["leader", "bureau_admin"])
def test_it_shows_the_dashboard_to_leadership_and_bureau(client, known_round, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("dashboard:index"), {"round": known_round["round"].pk})
    assert response.status_code == 200
    assert known_round["round"].name in response.content.decode()


@pytest.mark.parametrize("who", ["operator", "colleague", "reviewer"])
def test_it_refuses_the_dashboard_and_exports_to_others(client, known_round, who, request):
    client.force_login(request.getfixturevalue(who))
    for name in ("dashboard:index", "dashboard:export_xlsx", "dashboard:briefing"):
        assert client.get(reverse(name)).status_code == 403


def test_it_sends_anonymous_visitors_to_log_in(client, known_round):
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_it_keeps_the_control_room_for_bureau_admins(client, known_round, bureau_admin, leader):
    client.force_login(bureau_admin)
    assert client.get(reverse("dashboard:control_room")).status_code == 200
    client.force_login(leader)
    assert client.get(reverse("dashboard:control_room")).status_code == 403


def test_it_shows_an_agency_head_only_their_own_scorecard(client, known_round):
    client.force_login(known_round["head_a"])
    own = client.get(reverse("dashboard:agency", args=[known_round["a"].pk]))
    assert own.status_code == 200
    assert known_round["on_track"].title in own.content.decode()
    other = client.get(reverse("dashboard:agency", args=[known_round["b"].pk]))
    assert other.status_code == 404


def test_it_hides_scorecards_from_operators(client, known_round, operator):
    client.force_login(operator)
    assert client.get(reverse("dashboard:agency", args=[known_round["a"].pk])).status_code == 404
    assert client.get(reverse("dashboard:agency", args=[operator.agency_id])).status_code == 404


def test_it_answers_404_for_an_unknown_agency(client, leader, db):
    client.force_login(leader)
    assert client.get(reverse("dashboard:agency", args=[999999])).status_code == 404


@pytest.mark.parametrize("who", ["leader", "bureau_admin"])
def test_it_shows_every_scorecard_to_leadership_and_bureau(client, known_round, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("dashboard:agency", args=[known_round["b"].pk]))
    assert response.status_code == 200
    assert known_round["rejected"].title in response.content.decode()


def test_it_accepts_no_writes(client, known_round, leader):
    client.force_login(leader)
    for name in ("dashboard:index", "dashboard:export_xlsx", "dashboard:briefing"):
        assert client.post(reverse(name)).status_code == 405
    html = client.get(reverse("dashboard:index")).content.decode()
    main = html.split('<main id="main"')[1].split("</main>")[0]
    assert 'method="post"' not in main.lower()


def test_it_puts_the_dashboard_in_the_nav_by_role(client, known_round, leader, operator):
    client.force_login(leader)
    html = client.get(reverse("dashboard:index")).content.decode()
    assert reverse("dashboard:index") in html
    head = HeadFactory(agency=known_round["a"])
    client.force_login(head)
    html = client.get(reverse("dashboard:agency", args=[known_round["a"].pk])).content.decode()
    assert f'href="{reverse("dashboard:index")}"' not in html
