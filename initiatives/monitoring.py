"""Implementation monitoring (monev): milestones, reporting periods, progress reports, completion.

Writes are keyword-only service functions whose docstrings say what they guarantee; they
raise `ValidationError` (messages in the user's language, keyed by form field where one
applies) or `PermissionDenied`. Reads are the selector functions further down. Every
status change goes through `services.transition()`.

Dates: every deadline is the end of its day in WITA, so "late" means the WITA date of
the submission is after the due date (`timezone.localdate()` uses Asia/Makassar).
"""

import calendar
import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from quickwin.paging import page_of_ids

from .health import health_rank, milestone_figure
from .models import (
    EvidenceKind,
    Initiative,
    Milestone,
    ProgressReport,
    ReportCadence,
)
from .services import WorkflowError, evidence_attach, transition
from .signals import milestone_changed, milestone_sent_back
from .workflow import Action, Status

# Quick wins that are being (or have been) carried out: the monitoring board shows these.
BOARD_STATUSES = (Status.APPROVED, Status.IN_PROGRESS, Status.COMPLETED)
REPORTING_STATUSES = (Status.APPROVED, Status.IN_PROGRESS)
DUE_SOON_DAYS = 14


# --------------------------------------------------------------------------------------
# Reporting periods (pure functions)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportingPeriod:
    """A calendar month or quarter; its report is due on `due` (end of day WITA)."""

    start: datetime.date
    end: datetime.date
    due: datetime.date

    @property
    def label(self):
        if self.start.month == self.end.month:
            return formats.date_format(self.start, "F Y")
        return "%s – %s" % (
            formats.date_format(self.start, "M"),
            formats.date_format(self.end, "M Y"),
        )

    @property
    def key(self):
        return self.start.isoformat()

    def __str__(self):
        return str(self.label)


def _add_months(day, months):
    month_index = day.year * 12 + day.month - 1 + months
    return datetime.date(month_index // 12, month_index % 12 + 1, 1)


def reporting_periods(*, start, end, cadence=ReportCadence.MONTHLY, due_day=10):
    """The reporting periods covering [start, end]: whole calendar months (or quarters).

    A period that only partly overlaps the window is still a whole calendar period, so
    every quick win of a round reports on the same periods. Each report is due on
    `due_day` of the month after the period ends.
    """
    if end < start:
        return []
    months = 3 if cadence == ReportCadence.QUARTERLY else 1
    first = datetime.date(start.year, start.month, 1)
    if months == 3:
        first = datetime.date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    periods = []
    period_start = first
    while period_start <= end:
        next_start = _add_months(period_start, months)
        period_end = next_start - datetime.timedelta(days=1)
        due = next_start.replace(
            day=min(due_day, calendar.monthrange(next_start.year, next_start.month)[1])
        )
        periods.append(ReportingPeriod(period_start, period_end, due))
        period_start = next_start
    return periods


def round_periods(round_):
    return reporting_periods(
        start=round_.implementation_start,
        end=round_.implementation_end,
        cadence=round_.report_cadence,
        due_day=round_.report_due_day,
    )


def initiative_periods(initiative):
    """The round's periods that overlap the quick win's own schedule."""
    start = initiative.start_date or initiative.round.implementation_start
    end = initiative.end_date or initiative.round.implementation_end
    return [p for p in round_periods(initiative.round) if p.end >= start and p.start <= end]


def period_starting(round_, start):
    """The round's period that starts on `start`, or None."""
    for period in round_periods(round_):
        if period.start == start:
            return period
    return None


def open_periods_for_round(round_, today):
    """The round's periods that have started, the latest first (what the bureau may import)."""
    return [p for p in reversed(round_periods(round_)) if p.start <= today]


def open_periods(initiative, today):
    """Periods the agency may report on now: started, overlapping the quick win."""
    return [p for p in initiative_periods(initiative) if p.start <= today]


# --------------------------------------------------------------------------------------
# Milestones
# --------------------------------------------------------------------------------------


def _require(user, perm, obj):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _attach_all(*, initiative, files, by, kind, milestone=None, report=None):
    for uploaded in files:
        evidence_attach(
            initiative=initiative,
            uploaded_file=uploaded,
            by=by,
            kind=kind,
            milestone=milestone,
            report=report,
        )


def milestone_mark_done(*, milestone, by, completed_on, note, files, today=None):
    """The agency marks a milestone done with a date, a note and at least one evidence file.

    Guarantees: the quick win is approved or in progress and `by` belongs to its agency;
    the milestone was open (a concurrent second click changes nothing); the date is not in
    the future nor before the round's implementation starts; at least one valid file is
    stored; all of it or nothing is saved.
    """
    initiative = milestone.initiative
    _require(by, "initiatives.mark_milestone", initiative)
    today = today or timezone.localdate()
    errors = {}
    if not files:
        errors["files"] = _("Attach at least one evidence file.")
    if completed_on is None:
        errors["completed_on"] = _("Enter the date the milestone was completed.")
    elif completed_on > today:
        errors["completed_on"] = _("The completion date cannot be in the future.")
    elif completed_on < initiative.round.implementation_start:
        errors["completed_on"] = _(
            "The completion date cannot be before the implementation starts (%(date)s)."
        ) % {"date": formats.date_format(initiative.round.implementation_start, "j M Y")}
    if not (note or "").strip():
        errors["note"] = _("Write what was done.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        claimed = Milestone.objects.filter(pk=milestone.pk, completed_on__isnull=True).update(
            completed_on=completed_on,
            completion_note=note.strip(),
            completed_by=by,
            verified_at=None,
            verified_by=None,
        )
        if claimed != 1:
            raise ValidationError(_("This milestone is already marked done."))
        milestone_changed.send(sender=Milestone, initiative_id=milestone.initiative_id)
        _attach_all(
            initiative=initiative,
            files=files,
            by=by,
            kind=EvidenceKind.MILESTONE,
            milestone=milestone,
        )
    milestone.refresh_from_db()
    return milestone


def milestone_verify(*, milestone, by):
    """The bureau confirms a done milestone. Guarantees: it was done and not yet verified."""
    _require(by, "initiatives.verify_milestone", milestone.initiative)
    claimed = Milestone.objects.filter(
        pk=milestone.pk, completed_on__isnull=False, verified_at__isnull=True
    ).update(verified_at=timezone.now(), verified_by=by)
    if claimed != 1:
        raise ValidationError(
            _("Only a milestone marked done and not yet verified can be verified.")
        )
    milestone_changed.send(sender=Milestone, initiative_id=milestone.initiative_id)
    milestone.refresh_from_db()
    return milestone


def milestone_send_back(*, milestone, by, reason):
    """The bureau sends a done milestone back with a reason: it is open again.

    Guarantees: a reason is given; the milestone was done; completion and verification are
    cleared (its evidence files stay, as history); `milestone_sent_back` is sent after commit.
    """
    _require(by, "initiatives.verify_milestone", milestone.initiative)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write why the milestone is sent back.")})
    with transaction.atomic():
        claimed = Milestone.objects.filter(pk=milestone.pk, completed_on__isnull=False).update(
            completed_on=None,
            completed_by=None,
            verified_at=None,
            verified_by=None,
            sent_back_reason=reason,
            sent_back_at=timezone.now(),
            sent_back_by=by,
        )
        if claimed != 1:
            raise ValidationError(_("Only a milestone marked done can be sent back."))
        milestone_changed.send(sender=Milestone, initiative_id=milestone.initiative_id)
        transaction.on_commit(
            lambda: milestone_sent_back.send(
                sender=Milestone, milestone=milestone, actor=by, reason=reason
            )
        )
    milestone.refresh_from_db()
    return milestone


# --------------------------------------------------------------------------------------
# Progress reports
# --------------------------------------------------------------------------------------


def _previous_percent(initiative, period_start):
    return (
        ProgressReport.objects.filter(initiative=initiative, period_start__lt=period_start)
        .order_by("-period_start")
        .values_list("percent_complete", flat=True)
        .first()
    )


def _check_report_values(
    *, initiative, period_start, percent_complete, achievements, decrease_explanation
):
    errors = {}
    if percent_complete is None or not 0 <= percent_complete <= 100:
        errors["percent_complete"] = _("Enter a whole number from 0 to 100.")
    if not (achievements or "").strip():
        errors["achievements"] = _("Write what was achieved in this period.")
    if "percent_complete" not in errors:
        previous = _previous_percent(initiative, period_start)
        if (
            previous is not None
            and percent_complete < previous
            and not (decrease_explanation or "").strip()
        ):
            errors["decrease_explanation"] = _(
                "Progress is lower than the previous report (%(previous)s%%); explain why."
            ) % {"previous": previous}
    if errors:
        raise ValidationError(errors)


def report_submit(
    *,
    initiative,
    period,
    by,
    percent_complete,
    achievements,
    obstacles="",
    follow_up="",
    decrease_explanation="",
    files=(),
    now=None,
    mark_read=False,
):
    """Store the one progress report of `initiative` for `period`.

    Guarantees: the quick win is approved or in progress and `by` may report on it; the
    period is one of its started periods; % is 0–100 and a drop below the previous report
    is explained; a second report for the period is refused (database constraint); the
    report is flagged late when its WITA date is after the due date; the first report
    moves the quick win from approved to in progress. All or nothing.
    """
    if not (
        by.has_perm("initiatives.report_progress", initiative) or by.has_perm("initiatives.monitor")
    ):
        raise PermissionDenied
    if initiative.status not in REPORTING_STATUSES:
        raise ValidationError(
            _("Progress can only be reported for an approved or running quick win.")
        )
    now = now or timezone.now()
    today = timezone.localdate(now)
    if period not in open_periods(initiative, today):
        raise ValidationError({"period": _("Choose a reporting period that has started.")})
    _check_report_values(
        initiative=initiative,
        period_start=period.start,
        percent_complete=percent_complete,
        achievements=achievements,
        decrease_explanation=decrease_explanation,
    )
    try:
        with transaction.atomic():
            report = ProgressReport.objects.create(
                initiative=initiative,
                period_start=period.start,
                period_end=period.end,
                due_date=period.due,
                percent_complete=percent_complete,
                achievements=achievements.strip(),
                obstacles=(obstacles or "").strip(),
                follow_up=(follow_up or "").strip(),
                decrease_explanation=(decrease_explanation or "").strip(),
                submitted_by=by,
                submitted_at=now,
                is_late=today > period.due,
                read_at=now if mark_read else None,
                read_by=by if mark_read else None,
            )
            _attach_all(
                initiative=initiative, files=files, by=by, kind=EvidenceKind.REPORT, report=report
            )
            if initiative.status == Status.APPROVED:
                transition(initiative=initiative, action=Action.START, by=by)
    except IntegrityError:
        raise ValidationError(
            {"period": _("A report for %(period)s already exists.") % {"period": period.label}}
        ) from None
    except WorkflowError as error:
        raise ValidationError(error.messages) from None
    return report


def report_is_editable(report, today=None):
    today = today or timezone.localdate()
    return report.read_at is None and today <= report.due_date


def report_update(
    *,
    report,
    by,
    percent_complete,
    achievements,
    obstacles="",
    follow_up="",
    decrease_explanation="",
    files=(),
):
    """The agency corrects its report. Guarantees: only until the due date passes or the
    bureau has read it (checked again under a row lock); the same value checks as a new report."""
    initiative = report.initiative
    _require(by, "initiatives.report_progress", initiative)
    _check_report_values(
        initiative=initiative,
        period_start=report.period_start,
        percent_complete=percent_complete,
        achievements=achievements,
        decrease_explanation=decrease_explanation,
    )
    with transaction.atomic():
        locked = ProgressReport.objects.select_for_update().get(pk=report.pk)
        if not report_is_editable(locked):
            raise ValidationError(
                _(
                    "This report can no longer be changed: its due date has passed or the bureau has read it."
                )
            )
        locked.percent_complete = percent_complete
        locked.achievements = achievements.strip()
        locked.obstacles = (obstacles or "").strip()
        locked.follow_up = (follow_up or "").strip()
        locked.decrease_explanation = (decrease_explanation or "").strip()
        locked.save()
        _attach_all(
            initiative=initiative, files=files, by=by, kind=EvidenceKind.REPORT, report=locked
        )
    return locked


def report_mark_read(*, report, by):
    """The bureau marks a report read; from then on the agency cannot change it."""
    _require(by, "initiatives.monitor", None)
    ProgressReport.objects.filter(pk=report.pk, read_at__isnull=True).update(
        read_at=timezone.now(), read_by=by
    )
    report.refresh_from_db()
    return report


# --------------------------------------------------------------------------------------
# Completion and cancellation
# --------------------------------------------------------------------------------------


def completion_request(*, initiative, by, actuals, final_summary, files=()):
    """The agency asks to complete: every indicator's actual value, a summary, evidence.

    Guarantees: every milestone is done (checked again under the transition's row lock);
    every indicator gets an actual value; at least one evidence file; the quick win moves
    in_progress → completed through `transition(action="complete")`. All or nothing.
    """
    _require(by, "initiatives.complete_initiative", initiative)
    errors = {}
    indicators = list(initiative.indicators.all())
    missing = [i for i in indicators if actuals.get(i.pk) is None]
    if missing:
        errors["__all__"] = [
            _("Enter the actual value of “%(name)s”.") % {"name": i.name} for i in missing
        ]
    if not (final_summary or "").strip():
        errors["final_summary"] = _("Write a final summary of what the quick win achieved.")
    if not files:
        errors["files"] = _("Attach at least one evidence file.")
    if errors:
        raise ValidationError(errors)

    def open_milestones_guard(locked):
        open_titles = list(
            Milestone.objects.filter(initiative=locked, completed_on__isnull=True).values_list(
                "title", flat=True
            )
        )
        if open_titles:
            return [
                _("All milestones must be done first. Still open: %(titles)s.")
                % {"titles": ", ".join(open_titles)}
            ]
        return []

    try:
        with transaction.atomic():
            for indicator in indicators:
                indicator.actual = actuals[indicator.pk]
                indicator.save(update_fields=["actual"])
            Initiative.objects.filter(pk=initiative.pk).update(final_summary=final_summary.strip())
            initiative.final_summary = final_summary.strip()
            _attach_all(initiative=initiative, files=files, by=by, kind=EvidenceKind.COMPLETION)
            transition(
                initiative=initiative, action=Action.COMPLETE, by=by, guard=open_milestones_guard
            )
    except WorkflowError as error:
        raise ValidationError(error.messages) from None
    return initiative


def initiative_cancel(*, initiative, by, reason):
    """The bureau cancels an approved or running quick win; a reason is required."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Write why the quick win is cancelled.")})
    try:
        return transition(initiative=initiative, action=Action.CANCEL, by=by, note=reason)
    except WorkflowError as error:
        raise ValidationError(error.messages) from None


# --------------------------------------------------------------------------------------
# Selectors (reads)
# --------------------------------------------------------------------------------------


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
    BY of an aggregating query and runs once per joined row (issue 9)."""

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
    queryset = Initiative.objects.filter(round=round_, status__in=BOARD_STATUSES)
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
    GROUP BY of the full annotation (issue 9). Filtered by health or attention, the
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


def related_rows(initiative, name, *select):
    """The quick win's `name` rows: from the prefetch cache when the caller loaded them
    (the detail page's `for_detail()`), else one query with `select` joined."""
    if name in getattr(initiative, "_prefetched_objects_cache", {}):
        return list(getattr(initiative, name).all())
    return list(getattr(initiative, name).select_related(*select))


def _attach_evidence(initiative, milestones, reports):
    """Each milestone's and report's files as `.evidence_files`, oldest first: picked from
    the quick win's own evidence when the caller prefetched it (the detail page lists it
    anyway; every file of a milestone or report belongs to its quick win), else two queries."""
    if "evidence" in getattr(initiative, "_prefetched_objects_cache", {}):
        by_milestone, by_report = {}, {}
        for file in initiative.evidence.all():
            if file.milestone_id:
                by_milestone.setdefault(file.milestone_id, []).append(file)
            if file.report_id:
                by_report.setdefault(file.report_id, []).append(file)
        for milestone in milestones:
            milestone.evidence_files = by_milestone.get(milestone.pk, [])
        for report in reports:
            report.evidence_files = by_report.get(report.pk, [])
        return
    for rows in (milestones, reports):
        prefetch_related_objects(rows, "evidence")
        for row in rows:
            row.evidence_files = list(row.evidence.all())


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
        Initiative.objects.filter(agency_id=user.agency_id, status__in=REPORTING_STATUSES)
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


def register_monitoring_extensions():
    """Detail-page panels and timeline events of monitoring (called from InitiativesConfig.ready)."""
    from . import monitoring_panels

    monitoring_panels.register()
