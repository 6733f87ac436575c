"""The dashboard snapshot: built once, read by every visit, rebuilt after any change."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.workflow import Action, Status
from dashboard import rollup, selectors, snapshots
from dashboard.models import AgencyFigures, RoundChange, RoundSnapshot
from initiatives.models import Milestone
from initiatives.services import transition
from monitoring import services
from monitoring.models import ProgressReport
from monitoring.tests.monitoring_helpers import pdf
from quickwin.celery import app

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _proposed_on_page(client, leader, round_):
    client.force_login(leader)
    response = client.get(reverse("dashboard:index"), {"round": round_.pk})
    assert response.status_code == 200
    return response.context["figures"]["proposed"], response


def test_the_snapshot_holds_what_the_live_rollups_compute(known_round):
    round_, today = known_round["round"], _today()
    snapshot = snapshots.build(round_, today)

    live_areas = rollup.by_change_area(round_, today)
    assert snapshots.headline(snapshot) | {"taking_part": 0} == rollup.headline_from_areas(
        list(live_areas.values())
    ) | {"taking_part": 0}
    live_headline = selectors.headline(round_, today)
    assert snapshots.headline(snapshot)["taking_part"] == live_headline["taking_part"] == 2
    live_rows = {row["agency"]: row for row in rollup.agency_rows(round_, today)}
    stored = {row.agency_id: row for row in AgencyFigures.objects.filter(snapshot=snapshot)}
    assert stored.keys() == live_rows.keys()
    for agency_id, row in stored.items():
        for column in snapshots.AGENCY_COLUMNS:
            assert getattr(row, column) == live_rows[agency_id][column], column
    assert snapshots.points(snapshot) == selectors.progress_over_time(round_, today)


def test_every_agency_sort_matches_the_live_order(known_round):
    round_, today = known_round["round"], _today()
    snapshot = snapshots.build(round_, today)
    for sort in selectors.AGENCY_SORTS:
        rows, total, _page, _pages = snapshots.agency_page(snapshot, sort, 1, 50)
        live = rollup.agency_rows(round_, today, sort)
        assert [r["agency"] for r in rows] == [r["agency"] for r in live], sort
        assert total == len(live)


def test_a_fresh_snapshot_is_read_not_rebuilt(known_round):
    round_, today = known_round["round"], _today()
    first = snapshots.build(round_, today)
    again = snapshots.build(round_, today)  # what a second refresh task finds
    assert again.built_at == first.built_at
    assert snapshots.current(round_, today).built_at == first.built_at
    assert RoundSnapshot.objects.count() == 1


def test_a_new_day_rebuilds_it(known_round):
    round_, today = known_round["round"], _today()
    yesterday = snapshots.build(round_, today - datetime.timedelta(days=1))
    assert yesterday.as_of == today - datetime.timedelta(days=1)
    assert snapshots.current(round_, today).as_of == today


def test_an_old_snapshot_is_rebuilt_after_the_maximum_age(known_round, settings):
    round_, today = known_round["round"], _today()
    snapshot = snapshots.build(round_, today)
    old = timezone.now() - datetime.timedelta(seconds=settings.DASHBOARD_SNAPSHOT_MAX_AGE + 1)
    RoundSnapshot.objects.filter(pk=snapshot.pk).update(built_at=old)
    assert snapshots.current(round_, today).built_at > old


def test_the_page_shows_a_submission_made_after_the_snapshot(client, leader, draft, operator):
    before, _ = _proposed_on_page(client, leader, draft.round)
    assert RoundSnapshot.objects.filter(round=draft.round).exists()
    transition(initiative=draft, action=Action.SUBMIT, by=operator)
    after, _ = _proposed_on_page(client, leader, draft.round)
    assert after == before + 1


def _verify(known_round, admin):
    milestone = known_round["on_track"].milestones.exclude(completed_on=None).first()
    services.milestone_verify(milestone=milestone, by=admin)


def _send_back(known_round, admin):
    milestone = known_round["on_track"].milestones.exclude(completed_on=None).first()
    services.milestone_send_back(milestone=milestone, by=admin, reason="Bukti kurang")


def _mark_done(known_round, admin):
    initiative = known_round["off_track"]
    milestone = initiative.milestones.filter(completed_on=None).order_by("due_date").first()
    operator = initiative.agency.users.filter(is_agency_operator=True).first()
    services.milestone_mark_done(
        milestone=milestone, by=operator, completed_on=_today(), note="Selesai", files=[pdf()]
    )


def _new_milestone(known_round, admin):
    Milestone.objects.create(
        initiative=known_round["in_review"], title="Baru", due_date=_today(), weight=10
    )


def _report(known_round, admin):
    ProgressReport.objects.filter(initiative=known_round["on_track"]).delete()


def _review_withdrawn(known_round, admin):
    from evaluations.models import Review

    Review.objects.filter(assignment__initiative=known_round["rejected"]).first().delete()


def _moved_agency(known_round, admin):
    initiative = known_round["in_review"]
    initiative.agency = known_round["b"]
    initiative.save()


WRITES = {
    "milestone verified": _verify,
    "milestone sent back": _send_back,
    "milestone marked done": _mark_done,
    "milestone added": _new_milestone,
    "report deleted": _report,
    "review deleted": _review_withdrawn,
    "quick win moved to another agency": _moved_agency,
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_every_write_marks_the_round_changed(known_round, bureau_admin, write, django_user_model):
    round_, today = known_round["round"], _today()
    for key in ("a", "b"):
        django_user_model.objects.create_user(
            username=f"op.{key}", agency=known_round[key], is_agency_operator=True
        )
    snapshot = snapshots.build(round_, today)
    assert not snapshots.is_stale(snapshots._load(round_), today)

    write(known_round, bureau_admin)

    assert snapshots.is_stale(snapshots._load(round_), today)
    rebuilt = snapshots.current(round_, today)
    assert rebuilt.built_at > snapshot.built_at
    assert not snapshots.is_stale(snapshots._load(round_), today)
    # What changed is in it: the stored figures equal the live ones again.
    live = {row["agency"]: row for row in rollup.agency_rows(round_, today)}
    for row in AgencyFigures.objects.filter(snapshot=rebuilt):
        assert row.proposed == live[row.agency_id]["proposed"]
        assert row.n_score == live[row.agency_id]["n_score"]
        assert row.overdue == live[row.agency_id]["overdue"]
        assert row.on_track == live[row.agency_id]["on_track"]
    # The change log is pruned by the build.
    assert not RoundChange.objects.filter(round_id=round_.pk, id__lte=rebuilt.changes_seen).exists()


def test_changes_of_another_round_leave_the_snapshot_fresh(known_round, leader):
    from dashboard.tests.conftest import make_quick_win
    from initiatives.tests.factories import RoundFactory

    round_, today = known_round["round"], _today()
    snapshots.build(round_, today)
    make_quick_win(RoundFactory(), known_round["a"], Status.SUBMITTED, milestones=[(5, 100, False)])
    assert not snapshots.is_stale(snapshots._load(round_), today)


def test_with_a_worker_the_last_snapshot_is_served_and_said_to_be_updating(
    client, leader, known_round, settings
):
    """Where a Celery worker runs, a visit never waits for a rebuild: it reads the last
    snapshot, says so, and queues the rebuild (here onto the in-memory broker)."""
    if settings.CELERY_BROKER_URL != "memory://":
        pytest.skip("queues onto the in-memory broker (SQLite runs); CI's Redis has workers")
    round_ = known_round["round"]
    _proposed_on_page(client, leader, round_)
    known_round["in_review"].milestones.create(title="Baru", due_date=_today(), weight=10)
    app.conf.task_always_eager = False  # the conftest fixture restores it
    try:
        _figures, response = _proposed_on_page(client, leader, round_)
    finally:
        app.conf.task_always_eager = True
    assert response.context["snapshot"].updating
    assert b'data-testid="snapshot-updating"' in response.content
