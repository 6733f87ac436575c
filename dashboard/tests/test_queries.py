"""Every dashboard page runs the same number of queries at 1 and at 30 quick wins."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import AgencyFactory, HeadFactory
from core.workflow import Status
from dashboard import snapshots
from dashboard.tests.conftest import make_quick_win
from initiatives.tests.factories import RoundFactory

STATUSES = [
    Status.IN_PROGRESS,
    Status.APPROVED,
    Status.IN_REVIEW,
    Status.SUBMITTED,
    Status.REJECTED,
]


def build(count):
    round_ = RoundFactory()
    agencies = [AgencyFactory() for _ in range(min(count, 6))]
    for n in range(count):
        make_quick_win(
            round_,
            agencies[n % len(agencies)],
            STATUSES[n % len(STATUSES)],
            area=n % 8 + 1,
            milestones=[(-20, 50, n % 2 == 0), (20, 50, False)],
            score=50 + n % 40,
        )
    return round_, agencies[0]


# Measured on PostgreSQL (SQLite runs one fewer: no percentile query) and fixed: if a page
# gains a query per row, these fail at 30.
# The dashboard and briefing read the round's snapshot, built beforehand as the worker does.
PAGES = [
    ("dashboard:index", "leader", 12),  # 11 + the notification bell (20 before the snapshot)
    ("dashboard:briefing", "leader", 15),  # 14 + the notification bell
    ("dashboard:export_xlsx", "leader", 16),
    ("dashboard:briefing_pdf", "leader", 11),  # the briefing's figures, no page around them
    ("dashboard:control_room", "bureau_admin", 13),  # 10 + the bell + the nav permission checks
]


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize(("name", "who", "bound"), PAGES)
def test_it_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, db, request, count, name, who, bound
):
    round_, _agency = build(count)
    snapshots.build(round_, timezone.localdate())
    client.force_login(request.getfixturevalue(who))
    with django_assert_max_num_queries(bound):
        response = client.get(reverse(name), {"round": round_.pk})
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 50])
def test_it_keeps_the_scorecard_flat(client, django_assert_max_num_queries, db, count):
    _round, agency = build(count)
    client.force_login(HeadFactory(agency=agency))
    with django_assert_max_num_queries(12):  # 11 + the notification bell
        response = client.get(reverse("dashboard:agency", args=[agency.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 50])
def test_building_a_snapshot_runs_a_fixed_number_of_queries(
    django_assert_max_num_queries, db, count
):
    """21 queries on PostgreSQL, one fewer on SQLite (no percentile); the agency rows are
    inserted 1,000 per statement, so 5,000 agencies add four."""
    round_, _agency = build(count)
    with django_assert_max_num_queries(21):
        snapshots.build(round_, timezone.localdate())
