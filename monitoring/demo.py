"""Demo monitoring data: milestone completions and progress reports on the demo quick wins.

Runs after the proposals demo (which creates approved quick wins in the open round). The
approved / running quick wins of the open round, in id order, are steered towards
on track, at risk and off track in turn, by marking milestones of the schedule done (with
an evidence file) and filing the reports of periods already due. Idempotent: it only
adds what is missing and leaves a quick win alone once it shows its intended health, so
a second run changes nothing. It never un-marks anything.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from core.calendar import initiative_periods
from core.health import AT_RISK_POINTS, OFF_TRACK_OVERDUE_DAYS, OFF_TRACK_POINTS, Health, health_of
from core.workflow import IMPLEMENTING_STATUSES
from initiatives.models import EvidenceKind, Initiative, Milestone, Round
from initiatives.services import evidence_attach

from .models import ProgressReport
from .services import report_submit

TARGETS = [Health.ON_TRACK, Health.AT_RISK, Health.OFF_TRACK]
DEMO_PDF = b"%PDF-1.4\n% Quick Win demo evidence\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _agency_user(initiative):
    return (
        User.objects.filter(agency_id=initiative.agency_id, is_agency_operator=True, is_active=True)
        .order_by("pk")
        .first()
        or initiative.created_by
    )


def _health(milestones, today):
    planned = sum(m.weight for m in milestones if m.due_date <= today)
    done = sum(m.weight for m in milestones if m.completed_on)
    long_overdue = any(
        not m.completed_on and (today - m.due_date).days > OFF_TRACK_OVERDUE_DAYS
        for m in milestones
    )
    return health_of(planned_pct=planned, progress_pct=done, has_long_overdue=long_overdue)


def _to_mark(milestones, target, today):
    """Which open, already-due milestones to mark done so the quick win shows `target`."""
    due_open = [m for m in milestones if m.due_date <= today and not m.completed_on]
    if target == Health.ON_TRACK:
        return due_open
    planned = sum(m.weight for m in milestones if m.due_date <= today)
    done = sum(m.weight for m in milestones if m.completed_on)
    limit = OFF_TRACK_POINTS if target == Health.AT_RISK else 100
    floor = AT_RISK_POINTS if target == Health.AT_RISK else OFF_TRACK_POINTS
    # Mark the oldest first; stop while the quick win stays behind by more than `floor`.
    chosen = []
    for milestone in due_open:
        gap_after = planned - done - milestone.weight
        recent = (today - milestone.due_date).days <= OFF_TRACK_OVERDUE_DAYS
        if target == Health.AT_RISK and not recent:
            chosen.append(milestone)  # an old open milestone would make it off track
        elif gap_after > floor and planned - done > limit:
            chosen.append(milestone)
        else:
            continue
        done += milestone.weight
    return chosen


def _mark_done(milestone, by):
    Milestone.objects.filter(pk=milestone.pk, completed_on__isnull=True).update(
        completed_on=milestone.due_date,
        completion_note="Tahapan selesai sesuai rencana (data demo).",
        completed_by=by,
    )
    milestone.completed_on = milestone.due_date
    evidence_attach(
        initiative=milestone.initiative,
        uploaded_file=SimpleUploadedFile("bukti-tahapan.pdf", DEMO_PDF),
        by=by,
        kind=EvidenceKind.MILESTONE,
        milestone=milestone,
    )


def _file_reports(initiative, milestones, by, today, target):
    """Reports for every period already due; the off-track one misses its latest report."""
    reported = set(initiative.progress_reports.values_list("period_start", flat=True))
    due_periods = [p for p in initiative_periods(initiative) if p.due < today]
    if target == Health.OFF_TRACK:
        due_periods = due_periods[:-1]  # its latest report is missing
    for period in due_periods:
        if period.start in reported:
            continue
        percent = sum(
            m.weight for m in milestones if m.completed_on and m.completed_on <= period.end
        )
        previous = (
            ProgressReport.objects.filter(initiative=initiative, period_start__lt=period.start)
            .order_by("-period_start")
            .values_list("percent_complete", flat=True)
            .first()
        )
        submitted = timezone.make_aware(
            datetime.datetime.combine(period.due - datetime.timedelta(days=2), datetime.time(9))
        )
        initiative.refresh_from_db(fields=["status"])
        report_submit(
            initiative=initiative,
            period=period,
            by=by,
            percent_complete=max(percent, previous or 0),
            achievements="Pelaksanaan tahapan sesuai rencana aksi (data demo).",
            obstacles="Koordinasi lintas bidang memerlukan waktu."
            if target != Health.ON_TRACK
            else "",
            follow_up="Rapat koordinasi mingguan.",
            now=submitted,
        )


def seed(today=None):
    """Add milestone completions and reports to the open round's running demo quick wins."""
    today = today or timezone.localdate()
    round_ = Round.objects.current()
    if round_ is None:
        return []
    initiatives = list(
        Initiative.objects.filter(round=round_, status__in=IMPLEMENTING_STATUSES)
        .select_related("round")
        .order_by("pk")
    )
    seeded = []
    for index, initiative in enumerate(initiatives):
        target = TARGETS[index % len(TARGETS)]
        milestones = list(initiative.milestones.order_by("due_date", "pk"))
        by = _agency_user(initiative)
        if _health(milestones, today) != target:
            for milestone in _to_mark(milestones, target, today):
                _mark_done(milestone, by)
        _file_reports(initiative, milestones, by, today, target)
        seeded.append((initiative, target))
    return seeded
