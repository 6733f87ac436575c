"""Writes of implementation monitoring (monev): milestones done, verified or sent back,
progress reports, completion, cancellation and the achievement evaluation.

Keyword-only service functions whose docstrings say what they guarantee; they raise
`ValidationError` (messages in the user's language, keyed by form field where one applies)
or `PermissionDenied`. Reads are in `selectors.py`. Every status change goes through
`initiatives.services.transition()`.

Dates: every deadline is the end of its day in WITA, so "late" means the WITA date of
the submission is after the due date (`timezone.localdate()` uses Asia/Makassar).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.calendar import open_periods
from core.permissions import require
from core.workflow import IMPLEMENTING_STATUSES, Action, Status
from initiatives.models import EvidenceKind, Initiative, Milestone
from initiatives.services import WorkflowError, evidence_attach, transition

from .achievement import achievement_breakdown
from .models import AchievementEvaluation, ProgressReport
from .signals import milestone_changed, milestone_sent_back

# --------------------------------------------------------------------------------------
# Milestones
# --------------------------------------------------------------------------------------


def _attach_all(*, initiative, files, by, kind, milestone=None, report=None):
    """Store each uploaded file as evidence of the quick win (of `milestone`, or linked
    from `report`)."""
    stored = [
        evidence_attach(
            initiative=initiative, uploaded_file=uploaded, by=by, kind=kind, milestone=milestone
        )
        for uploaded in files
    ]
    if report is not None and stored:
        report.evidence.add(*stored)
    return stored


def milestone_mark_done(*, milestone, by, completed_on, note, files, today=None):
    """The agency marks a milestone done with a date, a note and at least one evidence file.

    Guarantees: the quick win is approved or in progress and `by` belongs to its agency;
    the milestone was open (a concurrent second click changes nothing); the date is not in
    the future nor before the round's implementation starts; at least one valid file is
    stored; all of it or nothing is saved.
    """
    initiative = milestone.initiative
    require(by, "monitoring.mark_milestone", initiative)
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
    require(by, "monitoring.verify_milestone", milestone.initiative)
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
    require(by, "monitoring.verify_milestone", milestone.initiative)
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
        by.has_perm("monitoring.report_progress", initiative) or by.has_perm("monitoring.monitor")
    ):
        raise PermissionDenied
    if initiative.status not in IMPLEMENTING_STATUSES:
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
    require(by, "monitoring.report_progress", initiative)
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
    require(by, "monitoring.monitor")
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
    require(by, "initiatives.complete_initiative", initiative)
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
# Achievement evaluation
# --------------------------------------------------------------------------------------


def achievement_evaluate(*, initiative, by, note=""):
    """The bureau evaluates a completed quick win: stores the score and moves it to evaluated.

    Guarantees: `by` is a bureau admin and the quick win is completed (re-checked under the
    transition's row lock); every indicator has an actual value; the score is computed
    here, never typed; the AchievementEvaluation and the status change are saved together.
    """
    require(by, "initiatives.evaluate_initiative", initiative)
    rows, overall = achievement_breakdown(list(initiative.indicators.all()))
    if overall is None:
        raise ValidationError(
            _("Every indicator needs an actual value before the achievement can be evaluated.")
        )
    try:
        with transaction.atomic():
            transition(initiative=initiative, action=Action.EVALUATE, by=by, note=note)
            evaluation = AchievementEvaluation.objects.create(
                initiative=initiative, score=overall, note=(note or "").strip(), evaluated_by=by
            )
    except WorkflowError as error:
        raise ValidationError(error.messages) from None
    return evaluation


def completion_send_back(*, initiative, by, reason):
    """The bureau sends a completion request back to the agency (completed → in progress)."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Write what the agency must still do.")})
    try:
        return transition(initiative=initiative, action=Action.SEND_BACK, by=by, note=reason)
    except WorkflowError as error:
        raise ValidationError(error.messages) from None
