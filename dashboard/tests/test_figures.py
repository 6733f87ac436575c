"""The dashboard's figures equal independent counts: a hand-made round and generated data."""

import statistics

import pytest
from django.utils import timezone

from core.health import health_of
from core.workflow import Status
from dashboard import rollup, selectors, snapshots
from dashboard.generate import generate
from initiatives.models import Initiative, Round
from monitoring.models import ProgressReport


def test_it_counts_the_headline_of_a_known_round(known_round):
    figures = selectors.headline(known_round["round"], timezone.localdate())

    assert figures["proposed"] == 4  # draft excluded
    assert figures["approved"] == 2
    assert figures["in_progress"] == 1
    assert figures["completed"] == 0
    assert figures["taking_part"] == 2
    assert figures["mean_score"] == pytest.approx(60)
    assert figures["mean_progress"] == pytest.approx(25)
    assert (figures["on_track"], figures["at_risk"], figures["off_track"]) == (1, 0, 1)
    assert figures["overdue"] == 1


def test_it_breaks_a_known_round_down_by_change_area(known_round):
    areas = {
        row["area"].number: row
        for row in selectors.by_change_area(known_round["round"], timezone.localdate())
    }

    assert len(areas) == 8
    assert areas[1]["proposed"] == 2 and areas[1]["approved"] == 2
    assert areas[1]["segments"] == {
        "review": 0,
        "approved": 1,
        "in_progress": 1,
        "completed": 0,
        "closed": 0,
    }
    assert areas[1]["mean_progress"] == pytest.approx(25)
    assert areas[2]["proposed"] == 1 and areas[2]["segments"]["review"] == 1
    assert areas[3]["segments"]["closed"] == 1
    assert areas[5]["proposed"] == 0 and areas[5]["mean_progress"] is None


def _agency_page(round_, sort="name"):
    """The agency table as the dashboard shows it: page 1 of the round's snapshot."""
    snapshot = snapshots.build(round_, timezone.localdate())
    return snapshots.agency_page(snapshot, sort, 1, selectors.AGENCY_PAGE_SIZE)


def test_it_fills_the_agency_table_of_a_known_round(known_round):
    rows, total, page, pages = _agency_page(known_round["round"])
    by_name = {row["agency__abbreviation"]: row for row in rows}

    assert (total, page, pages) == (2, 1, 1)
    a, b = by_name["Dinas A"], by_name["Dinas B"]
    assert (a["proposed"], a["approved"], a["overdue"]) == (3, 2, 1)
    assert a["mean_score"] == pytest.approx(70)
    assert a["mean_progress"] == pytest.approx(25)
    assert (a["on_track"], a["off_track"]) == (1, 1)
    assert a["light"] == "red"
    assert a["last_report"] is not None
    assert (b["proposed"], b["approved"], b["mean_score"]) == (1, 0, 40)
    assert b["light"] == "none"


def test_it_sorts_the_agency_table_in_the_database(known_round):
    rows, *_ = _agency_page(known_round["round"], "off_track")
    assert [row["agency__abbreviation"] for row in rows] == ["Dinas A", "Dinas B"]
    rows, *_ = _agency_page(known_round["round"], "score")
    assert [row["agency__abbreviation"] for row in rows] == ["Dinas A", "Dinas B"]


def test_it_counts_missing_reports_of_the_last_due_period(known_round):
    today = timezone.localdate()
    round_ = known_round["round"]
    period = selectors.last_due_period(round_, today)
    expected = 0
    if period:
        start, end = period
        for initiative in Initiative.objects.filter(
            round=round_, status__in=selectors.IMPLEMENTING
        ):
            covers = initiative.start_date <= end and initiative.end_date >= start
            reported = ProgressReport.objects.filter(
                initiative=initiative, period_start=start
            ).exists()
            expected += covers and not reported
    assert selectors.headline(round_, today)["missing_reports"] == expected


def test_it_computes_pipeline_medians(known_round):
    import datetime

    from django.utils import timezone as tz

    base = tz.now() - datetime.timedelta(days=100)
    for name, days in (("on_track", 10), ("off_track", 20), ("rejected", 40)):
        Initiative.objects.filter(pk=known_round[name].pk).update(
            submitted_at=base, decided_at=base + datetime.timedelta(days=days)
        )
    ProgressReport.objects.filter(initiative=known_round["on_track"]).update(
        submitted_at=base + datetime.timedelta(days=10 + 6)
    )

    speed = selectors.pipeline(known_round["round"])

    assert speed["to_decision"] == pytest.approx(20)
    assert speed["to_report"] == pytest.approx(6)
    assert [row["agency__abbreviation"] for row in speed["slowest"]] == ["Dinas A"]


def test_it_plots_planned_and_actual_month_by_month(known_round):
    points = selectors.progress_over_time(known_round["round"], timezone.localdate())

    assert points, "one point per month of the round"
    assert points[-1]["planned"] == pytest.approx(100)  # every milestone due by the end
    assert all(p["actual"] is None for p in points if p["month"] > timezone.localdate())
    past = [p for p in points if p["actual"] is not None]
    assert past[-1]["actual"] == pytest.approx(25)  # 50 of 200 weight points done


@pytest.mark.django_db
def test_it_matches_plain_python_counts_over_generated_data():
    generate(agencies=6, initiatives=120, seed=77)
    round_ = Round.objects.filter(name__contains="data uji 77").order_by("-year").first()
    today = timezone.localdate()
    quick_wins = list(
        Initiative.objects.filter(round=round_).prefetch_related(
            "milestones", "assignments__review"
        )
    )

    def facts(q):
        milestones = list(q.milestones.all())
        progress = sum(m.weight for m in milestones if m.completed_on)
        planned = sum(m.weight for m in milestones if m.due_date <= today)
        long_overdue = any(
            m.completed_on is None and (today - m.due_date).days > 14 for m in milestones
        )
        scores = [
            float(a.review.total_score)
            for a in q.assignments.all()
            if hasattr(a, "review") and a.review.status == "submitted"
        ]
        overdue = sum(1 for m in milestones if m.completed_on is None and m.due_date < today)
        health = None
        if q.status in selectors.IMPLEMENTING:
            health = health_of(
                planned_pct=planned, progress_pct=progress, has_long_overdue=long_overdue
            )
        return {
            "status": q.status,
            "agency": q.agency_id,
            "area": q.change_area_id,
            "progress": progress,
            "score": statistics.mean(scores) if scores else None,
            "health": health,
            "overdue": overdue if q.status in selectors.IMPLEMENTING else 0,
        }

    rows = [facts(q) for q in quick_wins]
    figures = selectors.headline(round_, today)

    def mean(values):
        values = [v for v in values if v is not None]
        return statistics.mean(values) if values else None

    assert figures["proposed"] == sum(r["status"] in selectors.PROPOSED for r in rows)
    assert figures["approved"] == sum(r["status"] in selectors.APPROVED for r in rows)
    assert figures["in_progress"] == sum(r["status"] == Status.IN_PROGRESS for r in rows)
    assert figures["completed"] == sum(r["status"] in selectors.COMPLETED for r in rows)
    assert figures["mean_score"] == pytest.approx(mean(r["score"] for r in rows))
    assert figures["mean_progress"] == pytest.approx(
        mean(r["progress"] for r in rows if r["status"] in selectors.APPROVED)
    )
    for health in ("on_track", "at_risk", "off_track"):
        assert figures[health] == sum(r["health"] == health for r in rows)
    assert figures["overdue"] == sum(r["overdue"] for r in rows)

    for area_row in selectors.by_change_area(round_, today):
        mine = [r for r in rows if r["area"] == area_row["area"].pk]
        assert area_row["proposed"] == sum(r["status"] in selectors.PROPOSED for r in mine)
        assert area_row["approved"] == sum(r["status"] in selectors.APPROVED for r in mine)

    table = selectors.agency_rows(round_, today)
    assert len(table) == len({r["agency"] for r in rows})
    for agency_row in table:
        mine = [r for r in rows if r["agency"] == agency_row["agency"]]
        assert agency_row["proposed"] == sum(r["status"] in selectors.PROPOSED for r in mine)
        assert agency_row["off_track"] == sum(r["health"] == "off_track" for r in mine)
        assert agency_row["overdue"] == sum(r["overdue"] for r in mine)
        expected_score = mean(r["score"] for r in mine)
        if expected_score is None:
            assert agency_row["mean_score"] is None
        else:
            assert agency_row["mean_score"] == pytest.approx(expected_score)


@pytest.mark.django_db
def test_it_agrees_with_the_orm_facts_on_generated_data():
    generate(agencies=4, initiatives=80, seed=78)
    round_ = Round.objects.filter(name__contains="data uji 78").order_by("-year").first()
    today = timezone.localdate()
    orm = selectors.round_facts(round_, today)

    figures = selectors.headline(round_, today)

    assert figures["missing_reports"] == orm.filter(missing_report=True).count()
    assert figures["off_track"] == orm.filter(health="off_track").count()
    last = max(filter(None, orm.values_list("last_report_at", flat=True)), default=None)
    table = selectors.agency_rows(round_, today, "last_report")
    assert max(filter(None, (row["last_report"] for row in table)), default=None) == last


def test_it_measures_median_days_spent_in_each_status(known_round):
    import datetime

    from initiatives.models import StatusChange

    start = timezone.now() - datetime.timedelta(days=60)
    # on_track: submitted 4 days, in review 10 days, then approved (still there: not counted)
    # off_track: submitted 2 days, in review 20 days, then approved
    for name, submitted_days, review_days in (("on_track", 4, 10), ("off_track", 2, 20)):
        initiative = known_round[name]
        at = start
        for to_status, days in (("submitted", submitted_days), ("in_review", review_days)):
            StatusChange.objects.create(
                initiative=initiative,
                action="x",
                from_status="draft",
                to_status=to_status,
                created_at=at,
            )
            at += datetime.timedelta(days=days)
        StatusChange.objects.create(
            initiative=initiative,
            action="approve",
            from_status="in_review",
            to_status="approved",
            created_at=at,
        )

    stays = {
        status.value: (days, count)
        for status, days, count in rollup.status_durations(known_round["round"])
    }

    assert stays == {"submitted": (3.0, 2), "in_review": (15.0, 2)}
