"""Read-only figures of the leadership dashboard, all aggregated in the database.

Every function runs a fixed number of queries whatever the number of quick wins. The round
rollups (headline, change areas, agency table, register) are in `rollup.py` (one SQL statement
each). `with_facts` is the same per quick win facts in ORM form — correlated subqueries, so
several to-many facts combine without multiplying rows — used for an agency's scorecard and
by the tests as a second, independent definition.
"""

import calendar
import datetime
import statistics
from dataclasses import dataclass

from django.db import connection, models
from django.db.models import (
    Avg,
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from accounts.models import Agency
from core.calendar import round_periods
from core.health import AT_RISK_POINTS, OFF_TRACK_OVERDUE_DAYS, OFF_TRACK_POINTS, Health
from core.workflow import SUBMITTED_STATUSES, Status
from evaluations.models import Assignment, Review, ReviewStatus
from initiatives.models import ChangeArea, Initiative, Milestone, Round, StatusChange
from monitoring.models import ProgressReport

from . import rollup

# Status groups the dashboard counts by (the list link repeats `status=` for each).
PROPOSED = sorted(SUBMITTED_STATUSES)
APPROVED = [Status.APPROVED, Status.IN_PROGRESS, Status.COMPLETED, Status.EVALUATED]
IN_PROGRESS = [Status.IN_PROGRESS]
COMPLETED = [Status.COMPLETED, Status.EVALUATED]
# Health is meaningful while a quick win is being carried out.
IMPLEMENTING = [Status.APPROVED, Status.IN_PROGRESS]
IN_REVIEW_STAGE = [Status.SUBMITTED, Status.IN_REVIEW, Status.REVISION]
CLOSED_UNSUCCESSFUL = [Status.REJECTED, Status.CANCELLED]

# Segments of the "by status" bars, in workflow order.
STATUS_SEGMENTS = [
    ("review", IN_REVIEW_STAGE),
    ("approved", [Status.APPROVED]),
    ("in_progress", IN_PROGRESS),
    ("completed", COMPLETED),
    ("closed", CLOSED_UNSUCCESSFUL),
]

AGENCY_PAGE_SIZE = 50
# Sort keys of the agency table (the page orders by snapshots.AGENCY_ORDERINGS; the exports and
# tests by rollup.ORDERINGS, and a test keeps the two equal).
AGENCY_SORTS = (
    "name",
    "proposed",
    "approved",
    "score",
    "progress",
    "off_track",
    "overdue",
    "last_report",
)


def round_from_param(value):
    """(round, ok): the round a GET `round` names, or the current round with ok=False."""
    if value not in (None, ""):
        try:
            found = Round.objects.filter(pk=int(value)).first()
        except (TypeError, ValueError, OverflowError):
            found = None
        if found is not None:
            return found, True
        return Round.objects.current(), False
    return Round.objects.current(), True


# --- per quick win facts -----------------------------------------------------------------


def _sum_weights(**filters):
    return Coalesce(
        Subquery(
            Milestone.objects.filter(initiative=OuterRef("pk"), **filters)
            .order_by()
            .values("initiative")
            .annotate(total=Sum("weight"))
            .values("total"),
            output_field=models.IntegerField(),
        ),
        Value(0),
    )


def last_due_period(round_, today):
    """(start, end) of the newest reporting period of the round whose report was due before today."""
    due = [p for p in round_periods(round_) if p.due < today]
    return (due[-1].start, due[-1].end) if due else None


def with_facts(queryset, today, round_=None):
    """Annotate quick wins with progress, planned, health, score, overdue, last report, missing report.

    All correlated subqueries: any number of these may be grouped by agency or area in one query.
    """
    long_overdue = Milestone.objects.filter(
        initiative=OuterRef("pk"),
        completed_on__isnull=True,
        due_date__lt=today - datetime.timedelta(days=OFF_TRACK_OVERDUE_DAYS),
    )
    overdue = (
        Milestone.objects.filter(
            initiative=OuterRef("pk"), completed_on__isnull=True, due_date__lt=today
        )
        .order_by()
        .values("initiative")
        .annotate(n=Count("pk"))
        .values("n")
    )
    score = (
        Review.objects.filter(assignment__initiative=OuterRef("pk"), status=ReviewStatus.SUBMITTED)
        .order_by()
        .values("assignment__initiative")
        .annotate(mean=Avg("total_score"))
        .values("mean")
    )
    last_report = (
        ProgressReport.objects.filter(initiative=OuterRef("pk"))
        .order_by()
        .values("initiative")
        .annotate(last=Max("submitted_at"))
        .values("last")
    )
    implementing = Q(status__in=IMPLEMENTING)
    queryset = queryset.annotate(
        progress=_sum_weights(completed_on__isnull=False),
        planned=_sum_weights(due_date__lte=today),
        long_overdue=Exists(long_overdue),
        overdue_milestones=Coalesce(
            Subquery(overdue, output_field=models.IntegerField()), Value(0)
        ),
        score=Subquery(score, output_field=models.FloatField()),
        last_report_at=Subquery(last_report, output_field=models.DateTimeField()),
    ).annotate(
        health=Case(
            When(~implementing, then=Value(None)),
            When(
                Q(long_overdue=True) | Q(planned__gt=F("progress") + OFF_TRACK_POINTS),
                then=Value(Health.OFF_TRACK),
            ),
            When(planned__gt=F("progress") + AT_RISK_POINTS, then=Value(Health.AT_RISK)),
            default=Value(Health.ON_TRACK),
            output_field=models.CharField(null=True),
        )
    )
    period = last_due_period(round_, today) if round_ is not None else None
    if period is None:
        return queryset.annotate(missing_report=Value(False))
    start, end = period
    has_report = ProgressReport.objects.filter(initiative=OuterRef("pk"), period_start=start)
    return queryset.annotate(
        missing_report=Case(
            When(
                implementing
                & Q(start_date__lte=end)
                & (Q(end_date__isnull=True) | Q(end_date__gte=start))
                & ~Exists(has_report),
                then=Value(True),
            ),
            default=Value(False),
            output_field=models.BooleanField(),
        )
    )


def round_facts(round_, today):
    """The round's quick wins with their facts, in ORM form (see `with_facts`)."""
    return with_facts(Initiative.objects.filter(round=round_), today, round_)


# --- the dashboard sections --------------------------------------------------------------


def headline(round_, today, area_rows=None):
    """One row of figures for the round: 3 queries, or 2 given `rollup.by_change_area` rows
    (the dashboard passes them, so the quick wins are rolled up once for both)."""
    if area_rows is None:
        area_rows = rollup.by_change_area(round_, today)
    figures = rollup.headline_from_areas(list(area_rows.values()))
    figures["taking_part"] = (
        Initiative.objects.filter(round=round_, status__in=PROPOSED)
        .values("agency")
        .distinct()
        .count()
    )
    figures["active_agencies"] = Agency.objects.active().count()
    return figures


def by_change_area(round_, today, area_rows=None):
    """The eight areas, each with counts by status segment and mean progress (2 queries)."""
    rows = area_rows if area_rows is not None else rollup.by_change_area(round_, today)
    result = []
    for area in ChangeArea.objects.order_by("number"):
        row = rows.get(area.pk, {})
        result.append(
            {
                "area": area,
                "segments": {name: row.get(f"seg_{name}", 0) for name, _ in STATUS_SEGMENTS},
                "proposed": row.get("proposed", 0),
                "approved": row.get("approved", 0),
                "mean_progress": row.get("mean_progress"),
            }
        )
    return result


def traffic_light(row):
    """red / amber / green / none for one agency row — with a word beside it in the page."""
    if row["off_track"] or row["overdue"] or row["missing_reports"]:
        return "red"
    if row["at_risk"]:
        return "amber"
    if row["on_track"]:
        return "green"
    return "none"


def agency_rows(round_, today, sort="name"):
    """The whole agency table (rows as dicts), sorted in SQL — 1 query."""
    return rollup.agency_rows(round_, today, sort)


def heat_map_rows(round_):
    """Agency × area counts of proposed quick wins for every agency, ordered by agency name."""
    return (
        Initiative.objects.filter(round=round_, status__in=PROPOSED)
        .order_by()
        .values("agency", "agency__name", "change_area")
        .annotate(n=Count("pk"))
        .order_by("agency__name", "agency", "change_area")
    )


def month_ends(start, end):
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(datetime.date(year, month, calendar.monthrange(year, month)[1]))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return months


def progress_over_time(round_, today):
    """Mean planned and actual cumulative % of approved quick wins at each month end (2 queries)."""
    months = month_ends(round_.implementation_start, round_.implementation_end)[:36]
    approved = Initiative.objects.filter(round=round_, status__in=APPROVED)
    count = approved.count()
    sums = {}
    if count and months:
        aggregates = {}
        for i, end in enumerate(months):
            aggregates[f"p{i}"] = Sum("weight", filter=Q(due_date__lte=end))
            aggregates[f"a{i}"] = Sum("weight", filter=Q(completed_on__lte=end))
        sums = Milestone.objects.filter(initiative__in=approved).aggregate(**aggregates)
    points = []
    for i, end in enumerate(months):
        planned = (sums.get(f"p{i}") or 0) / count if count else 0
        actual = (sums.get(f"a{i}") or 0) / count if count else None
        month_start = end.replace(day=1)
        points.append(
            {
                "month": month_start,
                "planned": round(planned, 1),
                "actual": round(actual, 1) if actual is not None and month_start <= today else None,
            }
        )
    return points


# --- pipeline speed: medians ----------------------------------------------------------------


class Median(models.Aggregate):
    """PostgreSQL's percentile_cont(0.5) — the median, computed in the database."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


def _days(delta):
    if delta is None:
        return None
    if isinstance(delta, datetime.timedelta):
        return round(delta.total_seconds() / 86400, 1)
    return round(float(delta) / 86400 / 1_000_000, 1)  # SQLite durations: microseconds


def pipeline(round_):
    """Median days submission→decision and decision→first report, and the slowest agencies.

    PostgreSQL: percentile_cont in SQL (2 queries). SQLite has no percentile: it fetches only
    the two small duration columns of the decided quick wins in one query and takes the median
    in Python (dev and test databases; the benchmark runs on PostgreSQL).
    """
    first_report = (
        ProgressReport.objects.filter(initiative=OuterRef("pk"))
        .order_by()
        .values("initiative")
        .annotate(first=Min("submitted_at"))
        .values("first")
    )
    to_decision = ExpressionWrapper(
        F("decided_at") - F("submitted_at"), output_field=DurationField()
    )
    to_report = ExpressionWrapper(
        Subquery(first_report, output_field=models.DateTimeField()) - F("decided_at"),
        output_field=DurationField(),
    )
    decided = Initiative.objects.filter(
        round=round_, decided_at__isnull=False, submitted_at__isnull=False
    ).order_by()
    if connection.vendor == "postgresql":
        medians = decided.aggregate(
            to_decision=Median(to_decision, output_field=DurationField()),
            to_report=Median(to_report, output_field=DurationField()),
        )
        slowest = list(
            decided.filter(Exists(ProgressReport.objects.filter(initiative=OuterRef("pk"))))
            .values("agency", "agency__abbreviation")
            .annotate(
                median_to_report=Median(to_report, output_field=DurationField()),
                quick_wins=Count("pk"),
            )
            .order_by("-median_to_report", "agency__abbreviation")[:5]
        )
        for row in slowest:
            row["median_to_report"] = _days(row["median_to_report"])
        return {
            "to_decision": _days(medians["to_decision"]),
            "to_report": _days(medians["to_report"]),
            "slowest": slowest,
        }
    rows = list(
        decided.annotate(to_decision=to_decision, to_report=to_report).values_list(
            "agency", "agency__abbreviation", "to_decision", "to_report"
        )
    )
    to_decision = [_days(r[2]) for r in rows if r[2] is not None]
    to_report = [_days(r[3]) for r in rows if r[3] is not None]
    per_agency = {}
    for agency_id, abbreviation, _, delta in rows:
        if delta is not None:
            per_agency.setdefault((agency_id, abbreviation), []).append(_days(delta))
    slowest = sorted(
        (
            {
                "agency": agency_id,
                "agency__abbreviation": abbreviation,
                "median_to_report": round(statistics.median(values), 1),
                "quick_wins": len(values),
            }
            for (agency_id, abbreviation), values in per_agency.items()
        ),
        key=lambda r: (-r["median_to_report"], r["agency__abbreviation"]),
    )[:5]
    return {
        "to_decision": round(statistics.median(to_decision), 1) if to_decision else None,
        "to_report": round(statistics.median(to_report), 1) if to_report else None,
        "slowest": slowest,
    }


# --- scorecard and control room ------------------------------------------------------------


@dataclass
class Scorecard:
    agency: Agency
    initiatives: list
    overdue_milestones: list
    late_reports: list
    history: list


def scorecard_agency_or_404(user, pk):
    """The agency a user may see the scorecard of; anyone else's gets 404 (one loader)."""
    agency = Agency.objects.filter(pk=pk).first()
    if agency is None or not user.has_perm("dashboard.view_scorecard", agency):
        raise Http404
    return agency


def scorecard(agency, today):
    """An agency's quick wins across rounds with facts, its late items and history (4 queries)."""
    initiatives = list(
        with_facts(
            Initiative.objects.filter(agency=agency).select_related("round", "change_area"),
            today,
        ).order_by("-round__submission_opens", "-round_id", "title")
    )
    overdue = list(
        Milestone.objects.filter(
            initiative__agency=agency,
            initiative__status__in=IMPLEMENTING,
            completed_on__isnull=True,
            due_date__lt=today,
        )
        .select_related("initiative")
        .order_by("due_date")[:50]
    )
    late_reports = list(
        ProgressReport.objects.filter(initiative__agency=agency, is_late=True)
        .select_related("initiative")
        .order_by("-period_start")[:20]
    )
    history = list(
        StatusChange.objects.filter(initiative__agency=agency)
        .select_related("initiative", "actor")
        .order_by("-created_at", "-id")[:30]
    )
    return Scorecard(agency, initiatives, overdue, late_reports, history)


def control_room(round_, today):
    """The bureau admin's round overview (4 queries)."""
    counts = dict(
        Initiative.objects.filter(round=round_)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    open_assignment = Assignment.objects.filter(initiative=OuterRef("pk")).exclude(
        review__status=ReviewStatus.SUBMITTED
    )
    needs_decision = list(
        Initiative.objects.filter(round=round_, status=Status.IN_REVIEW)
        .filter(Exists(Assignment.objects.filter(initiative=OuterRef("pk"))))
        .exclude(Exists(open_assignment))
        .select_related("agency", "change_area")
        .order_by("submitted_at", "pk")[:50]
    )
    unassigned = list(
        Initiative.objects.filter(round=round_, status=Status.SUBMITTED)
        .select_related("agency", "change_area")
        .order_by("submitted_at", "pk")[:50]
    )
    overdue = list(
        Milestone.objects.filter(
            initiative__round=round_,
            initiative__status__in=IMPLEMENTING,
            completed_on__isnull=True,
            due_date__lt=today,
        )
        .select_related("initiative", "initiative__agency")
        .order_by("due_date", "pk")[:50]
    )
    return {
        "counts": [(status, counts.get(status.value, 0)) for status in Status],
        "needs_decision": needs_decision,
        "unassigned": unassigned,
        "overdue": overdue,
    }
