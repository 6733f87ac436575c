"""Reads of implementation monitoring: the monitoring board, a quick win's milestone and
report panels, and what an agency must do soon. Fixed query counts per page."""

import datetime

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.calendar import initiative_periods, round_periods
from core.health import health_rank
from core.paging import page_of_ids
from core.workflow import IMPLEMENTING_STATUSES, MONITORED_STATUSES
from initiatives.models import Evidence, Initiative, Milestone
from initiatives.progress import milestone_figure
from initiatives.selectors import related_rows

from .models import ProgressReport

DUE_SOON_DAYS = 14


def _last_report(field):
    # One report per quick win and period (a unique constraint): ordering by the period
    # alone reads one entry of that index backwards, with no sort per quick win.
    return Subquery(
        ProgressReport.objects.filter(initiative=OuterRef("pk"))
        .order_by("-period_start")
        .values(field)[:1]
    )


class _UngroupedCoalesce(Coalesce):
    """COALESCE whose GROUP BY columns are its arguments' (for a correlated subquery: the
    outer pk), not the whole expression: plain Coalesce(Subquery(...)) lands in the GROUP
    BY of an aggregating query and runs once per joined row."""

    def get_group_by_cols(self):
        return [
            col for source in self.get_source_expressions() for col in source.get_group_by_cols()
        ]


def _overdue_milestones(today):
    return Milestone.objects.filter(
        initiative=OuterRef("pk"), completed_on__isnull=True, due_date__lt=today
    )


def _overdue_count(today):
    overdue = (
        _overdue_milestones(today)
        .order_by()
        .values("initiative")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return _UngroupedCoalesce(Subquery(overdue), Value(0))


# Sort key → the annotation of `board_initiatives` it orders by.
BOARD_SORTS = {
    "title": "title",
    "agency": "agency__abbreviation",
    "status": "status",
    "progress": "progress_pct",
    "planned": "planned_pct",
    "health": "health_rank",
    "last_report": "last_report_at",
    "overdue": "overdue_count",
}
# Sorts on the quick win's own columns: the page can be cut before any annotation.
PLAIN_BOARD_SORTS = {"title", "agency", "status"}


ATTENTION_OVERDUE = "overdue"
ATTENTION_MISSING_REPORT = "missing_report"


def _missing_last_report(round_, today):
    """A Q for running quick wins with no report for the newest period already due."""
    due = [p for p in round_periods(round_) if p.due < today]
    if not due:
        return Q(pk__in=[])
    period = due[-1]
    filed = ProgressReport.objects.filter(initiative=OuterRef("pk"), period_start=period.start)
    return Q(start_date__lte=period.end) & ~Q(Exists(filed))


def _board_order(sort, field=None):
    descending = sort.startswith("-")
    field = field or BOARD_SORTS.get(sort.lstrip("-"), "agency__abbreviation")
    order = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
    return [order, "title", "pk"]


def _board_rows(*, round_, today, agency, change_area, status, attention):
    """The board's quick wins with the filters that need no per-row aggregate."""
    queryset = Initiative.objects.filter(round=round_, status__in=MONITORED_STATUSES)
    if agency:
        queryset = queryset.filter(agency=agency)
    if change_area:
        queryset = queryset.filter(change_area=change_area)
    if status:
        queryset = queryset.filter(status=status)
    if attention == ATTENTION_OVERDUE:
        queryset = queryset.filter(Exists(_overdue_milestones(today)))
    elif attention == ATTENTION_MISSING_REPORT:
        queryset = queryset.filter(_missing_last_report(round_, today))
    return queryset


def board_initiatives(
    *,
    round_,
    today=None,
    agency=None,
    change_area=None,
    health=None,
    status=None,
    attention=None,
    sort="agency",
):
    """The monitoring board of a round, every row annotated: one query whatever the number
    of quick wins (the page itself comes from `board_page`, which cuts it first).

    Each row carries progress_pct, verified_pct, planned_pct, health, last_report_at,
    last_report_pct and overdue_count (open milestones past their due date).
    """
    today = today or timezone.localdate()
    queryset = _annotate_board(
        _board_rows(
            round_=round_,
            today=today,
            agency=agency,
            change_area=change_area,
            status=status,
            attention=attention,
        ),
        today,
    )
    if health:
        queryset = queryset.filter(health=health)
    return queryset.order_by(*_board_order(sort))


def _annotate_board(queryset, today):
    return (
        queryset.select_related("agency", "change_area")
        .with_progress(today)
        .annotate(
            last_report_at=_last_report("submitted_at"),
            last_report_pct=_last_report("percent_complete"),
            overdue_count=_overdue_count(today),
            health_rank=health_rank(),
        )
    )


def _board_sort_key(key, today):
    """The value a computed sort orders by, for every quick win of the round without a
    join: one correlated subquery per row (the same values as `_annotate_board`)."""
    if key == "health":
        return milestone_figure(today, "health_rank")
    if key in ("progress", "planned"):
        return milestone_figure(today, f"{key}_pct")
    if key == "last_report":
        return _last_report("submitted_at")
    return _overdue_count(today)


def board_page(
    *,
    round_,
    page_number=None,
    per_page=50,
    today=None,
    agency=None,
    change_area=None,
    health=None,
    status=None,
    attention=None,
    sort="agency",
):
    """One page of the monitoring board: a Paginator page whose rows are those of
    `board_initiatives` (same rows, same order), in two queries (the count and the rows).

    The page is cut first: its ids are an ordered, sliced subquery over the quick wins
    alone, and only those rows get the progress, health, report and overdue annotations
    (one statement: the rows whose id is in the slice). Sorted by title, agency or status
    the ids need nothing else; sorted (or filtered) by a computed value, the ids query
    computes that one value per quick win as a correlated subquery, without the join and
    GROUP BY of the full annotation. Filtered by health or attention, the
    filtered ids are read once instead of computing the filter for the count again.
    """
    today = today or timezone.localdate()
    ids = _board_rows(
        round_=round_,
        today=today,
        agency=agency,
        change_area=change_area,
        status=status,
        attention=attention,
    )
    if health:
        ids = ids.alias(board_health=milestone_figure(today, "health")).filter(board_health=health)
    key = sort.lstrip("-")
    if key in BOARD_SORTS and key not in PLAIN_BOARD_SORTS:
        ids = ids.alias(board_key=_board_sort_key(key, today))
        ids = ids.order_by(*_board_order(sort, "board_key"))
    else:
        ids = ids.order_by(*_board_order(sort))
    # Filtered on a computed value, the ordered ids are read once (their number is the
    # count); otherwise the page's slice stays a subquery of the rows' statement.
    page, page_ids = page_of_ids(
        ids.values("pk"), page_number, per_page, fetch_all=bool(health or attention)
    )
    page.object_list = list(
        _annotate_board(Initiative.objects.filter(pk__in=page_ids), today).order_by(
            *_board_order(sort)
        )
    )
    return page


def _attach_evidence(initiative, milestones, reports):
    """Each milestone's and report's files as `.evidence_files`, oldest first. A milestone's
    files are picked from the quick win's own evidence when the caller prefetched it (the
    detail page lists it anyway); a report's from its prefetched `evidence` (the detail
    page's `report_prefetch`). Whatever was not prefetched costs one query per kind."""
    if "evidence" in getattr(initiative, "_prefetched_objects_cache", {}):
        by_milestone = {}
        for file in initiative.evidence.all():
            if file.milestone_id:
                by_milestone.setdefault(file.milestone_id, []).append(file)
        for milestone in milestones:
            milestone.evidence_files = by_milestone.get(milestone.pk, [])
    else:
        prefetch_related_objects(milestones, "evidence")
        for milestone in milestones:
            milestone.evidence_files = list(milestone.evidence.all())
    if not all("evidence" in getattr(r, "_prefetched_objects_cache", {}) for r in reports):
        prefetch_related_objects(reports, "evidence")
    for report in reports:
        report.evidence_files = sorted(report.evidence.all(), key=lambda f: (f.uploaded_at, f.pk))


def report_prefetch():
    """The detail page's progress reports with their people and files, in two queries."""
    return Prefetch(
        "progress_reports",
        queryset=ProgressReport.objects.select_related("submitted_by", "read_by").prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("uploaded_by"))
        ),
    )


PROGRESS_FIELDS = ("progress_pct", "verified_pct", "planned_pct", "has_long_overdue", "health")


def monitoring_detail(initiative, today=None):
    """Everything the milestone and report panels show, in a fixed number of queries.

    Five at most (progress, milestones, their evidence, reports, their evidence); none when
    the caller already annotated `with_progress()` for today and prefetched the rows and
    the evidence (`for_detail()`). Milestones and reports carry `.evidence_files`.
    """
    if today is None and all(hasattr(initiative, f) for f in PROGRESS_FIELDS):
        annotated = initiative
    else:
        annotated = Initiative.objects.with_progress(today).get(pk=initiative.pk)
    today = today or timezone.localdate()
    milestones = related_rows(
        initiative, "milestones", "completed_by", "verified_by", "sent_back_by"
    )
    reports = related_rows(initiative, "progress_reports", "submitted_by", "read_by")
    _attach_evidence(initiative, milestones, reports)
    return {
        "progress": annotated,
        "milestones": milestones,
        "reports": reports,
        "latest_report": reports[0] if reports else None,
        "today": today,
    }


def agency_due_items(user, today=None):
    """What an agency user must do soon: reports due, milestones due in 14 days, overdue items.

    Three queries whatever the number of quick wins: the running quick wins with their
    round, the period starts already reported, and the open milestones due by day 14.
    """
    empty = {
        "reports_due": [],
        "reports_overdue": [],
        "milestones_soon": [],
        "milestones_overdue": [],
    }
    if not getattr(user, "is_agency_user", False):
        return empty
    today = today or timezone.localdate()
    initiatives = list(
        Initiative.objects.filter(agency_id=user.agency_id, status__in=IMPLEMENTING_STATUSES)
        .select_related("round")
        .order_by("title", "pk")
    )
    if not initiatives:
        return empty
    reported = set(
        ProgressReport.objects.filter(initiative__in=initiatives).values_list(
            "initiative_id", "period_start"
        )
    )
    items = {key: [] for key in empty}
    for initiative in initiatives:
        # Reports are owed from approval on: a period already due when the quick win was
        # approved is not counted against the agency.
        approved_on = timezone.localdate(initiative.decided_at) if initiative.decided_at else None
        for period in initiative_periods(initiative):
            if period.start > today or (initiative.pk, period.start) in reported:
                continue
            if approved_on and period.due < approved_on:
                continue
            row = {"initiative": initiative, "period": period, "due": period.due}
            if period.due < today:
                items["reports_overdue"].append(row)
            elif period.end < today or period.due - today <= datetime.timedelta(days=DUE_SOON_DAYS):
                items["reports_due"].append(row)
    milestones = (
        Milestone.objects.filter(
            initiative__in=initiatives,
            completed_on__isnull=True,
            due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        )
        .select_related("initiative")
        .order_by("due_date", "pk")
    )
    for milestone in milestones:
        key = "milestones_overdue" if milestone.due_date < today else "milestones_soon"
        items[key].append(milestone)
    items["reports_overdue"].sort(key=lambda r: r["due"])
    items["reports_due"].sort(key=lambda r: r["due"])
    return items
