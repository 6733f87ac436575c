"""The sweep as it was written in Python before it moved to SQL (reminders.sweep), kept
as the oracle of test_sweep_equivalence.py: one Python loop per kind, `texts.render()`
per notification. Not used by the application.

Each collector runs a fixed number of queries and returns unsaved `Notification`s.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from accounts.models import User
from core.calendar import round_periods
from core.workflow import IMPLEMENTING_STATUSES, SUBMITTED_STATUSES, Status
from evaluations.models import Assignment, ReviewStatus
from initiatives.models import Initiative, Milestone, Round
from monitoring.models import ProgressReport
from reminders import texts
from reminders.kinds import Kind, Step
from reminders.models import Notification

ROUND_CLOSING_LEADS = (7, 3, 1)
REVIEW_LEADS = (3, 1)
MILESTONE_LEADS = (7, 1)
REPORT_LEADS = (3,)
REVISION_WAIT_DAYS = 3


def escalation_step(days_overdue, round_):
    """0 from the first overdue day; 1 once more than `first_grace_days` overdue; 2 once
    more than `second_grace_days` overdue."""
    if days_overdue > round_.second_grace_days:
        return Step.BUREAU
    if days_overdue > round_.first_grace_days:
        return Step.AGENCY_HEAD
    return Step.RESPONSIBLE


@dataclass
class Audience:
    """Every agency operator, agency head and bureau admin, loaded in one query."""

    operators: dict = field(default_factory=lambda: defaultdict(list))
    heads: dict = field(default_factory=lambda: defaultdict(list))
    admins: list = field(default_factory=list)

    @classmethod
    def load(cls):
        audience = cls()
        users = User.objects.filter(is_active=True).filter(
            Q(is_agency_operator=True, agency__is_active=True)
            | Q(is_agency_head=True, agency__is_active=True)
            | Q(is_bureau_admin=True)
        )
        for user_id, agency_id, is_operator, is_head, is_admin in users.values_list(
            "id", "agency_id", "is_agency_operator", "is_agency_head", "is_bureau_admin"
        ).order_by("id"):
            if is_operator and agency_id:
                audience.operators[agency_id].append(user_id)
            if is_head and agency_id:
                audience.heads[agency_id].append(user_id)
            if is_admin:
                audience.admins.append(user_id)
        return audience

    def agency_ids(self):
        return sorted(set(self.operators) | set(self.heads))

    def agency_people(self, agency_id):
        return self.operators[agency_id] + self.heads[agency_id]

    def escalated(self, responsible, agency_id, step):
        """The responsible people, plus the agency head from step 1, plus the bureau from step 2."""
        people = list(responsible)
        if step >= Step.AGENCY_HEAD and agency_id:
            people += self.heads[agency_id]
        if step >= Step.BUREAU:
            people += self.admins
        return list(dict.fromkeys(people))


@dataclass
class Sweep:
    today: datetime.date
    audience: Audience
    notifications: list = field(default_factory=list)

    def add(
        self,
        kind,
        obj_model,
        object_id,
        due_date,
        recipients,
        *,
        link,
        lead_days=0,
        step=Step.RESPONSIBLE,
        **ctx,
    ):
        content_type_id = ContentType.objects.get_for_model(obj_model).pk
        title, body = texts.render(
            kind,
            due_date=due_date,
            lead_days=lead_days,
            step=step,
            days_overdue=(self.today - due_date).days,
            **ctx,
        )
        for recipient_id in dict.fromkeys(recipients):
            self.notifications.append(
                Notification(
                    recipient_id=recipient_id,
                    kind=kind,
                    content_type_id=content_type_id,
                    object_id=object_id,
                    due_date=due_date,
                    lead_days=lead_days,
                    step=step,
                    title=title,
                    body=body,
                    link=link,
                )
            )

    def lead_or_step(self, due_date, leads, round_):
        """(lead_days, step) when the item must be reminded about today, else None."""
        days_left = (due_date - self.today).days
        if days_left in leads:
            return days_left, Step.RESPONSIBLE
        if days_left < 0:
            return 0, escalation_step(-days_left, round_)
        return None


def collect(today=None):
    """Every notification due today, unsaved. A fixed number of queries."""
    sweep = Sweep(today=today or timezone.localdate(), audience=Audience.load())
    round_closing(sweep)
    revision_waiting(sweep)
    review_due(sweep)
    milestone_due(sweep)
    report_due(sweep)
    decision_waiting(sweep)
    return sweep.notifications


def round_closing(sweep):
    """Submission closes in 7/3/1 days → operators and head of active agencies with nothing
    submitted in that round."""
    closes_on = {sweep.today + datetime.timedelta(days=d): d for d in ROUND_CLOSING_LEADS}
    rounds = list(
        Round.objects.filter(submission_closes__in=closes_on, submission_opens__lte=sweep.today)
    )
    if not rounds:
        return
    submitted = set(
        Initiative.objects.filter(round__in=rounds, status__in=SUBMITTED_STATUSES).values_list(
            "round_id", "agency_id"
        )
    )
    link = texts.initiative_list_link()
    for round_ in rounds:
        for agency_id in sweep.audience.agency_ids():
            if (round_.pk, agency_id) in submitted:
                continue
            sweep.add(
                Kind.ROUND_CLOSING,
                Round,
                round_.pk,
                round_.submission_closes,
                sweep.audience.agency_people(agency_id),
                link=link,
                lead_days=closes_on[round_.submission_closes],
                round=round_.name,
            )


def revision_waiting(sweep):
    """A revision requested more than 3 days ago and not resubmitted → operators and head."""
    first_quiet_day = sweep.today - datetime.timedelta(days=REVISION_WAIT_DAYS)
    cutoff = timezone.make_aware(datetime.datetime.combine(first_quiet_day, datetime.time.min))
    waiting = Initiative.objects.filter(status=Status.REVISION, decided_at__lt=cutoff).only(
        "id", "title", "agency_id", "decided_at"
    )
    for initiative in waiting:
        requested_on = timezone.localdate(initiative.decided_at)
        sweep.add(
            Kind.REVISION_WAITING,
            Initiative,
            initiative.pk,
            requested_on + datetime.timedelta(days=REVISION_WAIT_DAYS),
            sweep.audience.agency_people(initiative.agency_id),
            link=texts.initiative_link(initiative.pk),
            title=initiative.title,
            requested_on=requested_on,
        )


def review_due(sweep):
    """Open assignments of the current review cycle due in 3/1 days or overdue → reviewer,
    escalating to the reviewer's agency head (the bureau's head) and the bureau admins."""
    latest_cycle = Subquery(
        Assignment.objects.filter(initiative=OuterRef("initiative"))
        .order_by("-cycle")
        .values("cycle")[:1]
    )
    leads = [sweep.today + datetime.timedelta(days=d) for d in REVIEW_LEADS]
    assignments = (
        Assignment.objects.filter(initiative__status=Status.IN_REVIEW)
        .filter(Q(due_date__in=leads) | Q(due_date__lt=sweep.today))
        .exclude(review__status=ReviewStatus.SUBMITTED)
        .annotate(latest_cycle=latest_cycle)
        .filter(cycle=F("latest_cycle"))
        .select_related("initiative__round", "reviewer")
    )
    for assignment in assignments:
        timing = sweep.lead_or_step(assignment.due_date, REVIEW_LEADS, assignment.initiative.round)
        if timing is None:
            continue
        lead_days, step = timing
        sweep.add(
            Kind.REVIEW_DUE,
            Assignment,
            assignment.pk,
            assignment.due_date,
            sweep.audience.escalated([assignment.reviewer_id], assignment.reviewer.agency_id, step),
            link=texts.review_link(assignment.pk),
            lead_days=lead_days,
            step=step,
            title=assignment.initiative.title,
        )


def milestone_due(sweep):
    """Open milestones of quick wins in implementation due in 7/1 days or overdue → agency
    operators, escalating to the agency head and the bureau admins."""
    leads = [sweep.today + datetime.timedelta(days=d) for d in MILESTONE_LEADS]
    milestones = (
        Milestone.objects.filter(
            completed_on__isnull=True, initiative__status__in=IMPLEMENTING_STATUSES
        )
        .filter(Q(due_date__in=leads) | Q(due_date__lt=sweep.today))
        .select_related("initiative__round")
    )
    for milestone in milestones:
        initiative = milestone.initiative
        timing = sweep.lead_or_step(milestone.due_date, MILESTONE_LEADS, initiative.round)
        if timing is None:
            continue
        lead_days, step = timing
        sweep.add(
            Kind.MILESTONE_DUE,
            Milestone,
            milestone.pk,
            milestone.due_date,
            sweep.audience.escalated(
                sweep.audience.operators[initiative.agency_id], initiative.agency_id, step
            ),
            link=texts.initiative_link(initiative.pk),
            lead_days=lead_days,
            step=step,
            milestone=milestone.title,
            title=initiative.title,
        )


def _report_periods(round_):
    """[(period_start, period_end, due_date)] of a round (the canonical periods of monitoring)."""
    return [(p.start, p.end, p.due) for p in round_periods(round_)]


def _period_containing(periods, day):
    for period in periods:
        if period[0] <= day <= period[1]:
            return period[0]
    return None


def report_due(sweep):
    """A progress report due in 3 days, or missing after its due date → agency operators,
    escalating to the agency head and the bureau admins. Only periods that overlap the
    quick win's own dates, for quick wins in implementation."""
    initiatives = list(
        Initiative.objects.filter(status__in=IMPLEMENTING_STATUSES)
        .select_related("round")
        .only("id", "title", "agency_id", "start_date", "end_date", "round")
    )
    if not initiatives:
        return
    periods_of = {i.round_id: _report_periods(i.round) for i in initiatives}
    filed = set()
    for initiative_id, round_id, period_start in ProgressReport.objects.filter(
        initiative__status__in=IMPLEMENTING_STATUSES
    ).values_list("initiative_id", "initiative__round_id", "period_start"):
        filed.add((initiative_id, _period_containing(periods_of.get(round_id, []), period_start)))
    for initiative in initiatives:
        for start, end, due in periods_of[initiative.round_id]:
            if initiative.start_date and end < initiative.start_date:
                continue
            if initiative.end_date and start > initiative.end_date:
                continue
            if (initiative.pk, start) in filed:
                continue
            timing = sweep.lead_or_step(due, REPORT_LEADS, initiative.round)
            if timing is None:
                continue
            lead_days, step = timing
            sweep.add(
                Kind.REPORT_DUE,
                Initiative,
                initiative.pk,
                due,
                sweep.audience.escalated(
                    sweep.audience.operators[initiative.agency_id], initiative.agency_id, step
                ),
                link=texts.initiative_link(initiative.pk),
                lead_days=lead_days,
                step=step,
                period=texts.period_label(start, end),
                title=initiative.title,
            )


def decision_waiting(sweep, initiative_ids=None):
    """Every assignment of a quick win's current review cycle submitted (at least the round's
    minimum) → bureau admins: a decision is waiting. Keyed by the day the last review came in."""
    initiatives = Initiative.objects.filter(status=Status.IN_REVIEW).select_related(
        "round", "agency"
    )
    if initiative_ids is not None:
        initiatives = initiatives.filter(pk__in=initiative_ids)
    initiatives = {i.pk: i for i in initiatives}
    if not initiatives:
        return
    cycles = defaultdict(lambda: defaultdict(list))
    for initiative_id, cycle, status, submitted_at in Assignment.objects.filter(
        initiative_id__in=initiatives
    ).values_list("initiative_id", "cycle", "review__status", "review__submitted_at"):
        cycles[initiative_id][cycle].append((status, submitted_at))
    for initiative_id, by_cycle in cycles.items():
        initiative = initiatives[initiative_id]
        current = by_cycle[max(by_cycle)]
        if any(status != ReviewStatus.SUBMITTED for status, _ in current):
            continue
        if len(current) < max(initiative.round.min_reviews_for_decision, 1):
            continue
        last_in = timezone.localdate(max(submitted_at for _, submitted_at in current))
        sweep.add(
            Kind.DECISION_WAITING,
            Initiative,
            initiative_id,
            last_in,
            sweep.audience.admins,
            link=texts.initiative_link(initiative_id),
            title=initiative.title,
            agency=str(initiative.agency),
        )
