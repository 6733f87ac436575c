"""Writes on quick wins. `transition()` is the only function that changes a status."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.models import Agency

from .models import Initiative, StatusChange
from .permissions import ACTION_PERMISSIONS
from .signals import initiative_transitioned
from .workflow import COUNTED_STATUSES, TRANSITIONS, Action, Status


class WorkflowError(Exception):
    """A transition was refused; `messages` say why, in the user's language."""

    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(str(m) for m in self.messages))


REQUIRED_FIELDS = [
    "title",
    "change_area",
    "problem",
    "root_cause",
    "objective",
    "output",
    "outcome",
    "beneficiaries",
    "start_date",
    "end_date",
    "pic_name",
    "pic_position",
    "budget",
]


def _label(field_name):
    return capfirst(Initiative._meta.get_field(field_name).verbose_name)


def submission_problems(initiative, *, check_window=True):
    """Everything that stops a quick win from being submitted, as readable messages.

    Empty list = complete. Checks the required fields, the schedule against the round's
    implementation window, indicators, the action plan, the submission window and the
    agency's limit for the round.
    """
    problems = []
    for name in REQUIRED_FIELDS:
        value = getattr(initiative, f"{name}_id" if name == "change_area" else name)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(_("%(field)s is required.") % {"field": _label(name)})
    if initiative.budget and not initiative.budget_source.strip():
        problems.append(_("Budget source is required when the budget is more than Rp 0."))

    round_ = initiative.round
    start, end = initiative.start_date, initiative.end_date
    if start and end:
        if end < start:
            problems.append(_("The end date must not be before the start date."))
        if start < round_.implementation_start or end > round_.implementation_end:
            problems.append(
                _(
                    "Start and end dates must lie inside the round's implementation window (%(start)s – %(end)s)."
                )
                % {
                    "start": round_.implementation_start.strftime("%d-%m-%Y"),
                    "end": round_.implementation_end.strftime("%d-%m-%Y"),
                }
            )

    indicators = list(initiative.indicators.all())
    if not indicators:
        problems.append(_("Add at least one success indicator with a target."))
    for indicator in indicators:
        if indicator.target is None:
            problems.append(_("Indicator “%(name)s” needs a target.") % {"name": indicator.name})

    milestones = list(initiative.milestones.all())
    if not milestones:
        problems.append(_("Add at least one milestone to the action plan."))
    else:
        total = sum(m.weight for m in milestones)
        if total != 100:
            problems.append(
                _("Milestone weights must add up to 100; they add up to %(total)s.")
                % {"total": total}
            )
        if start and end:
            for m in milestones:
                if not (start <= m.due_date <= end):
                    problems.append(
                        _(
                            "Milestone “%(title)s” is due outside the quick win's start and end dates."
                        )
                        % {"title": m.title}
                    )

    if check_window and not round_.is_submission_open():
        problems.append(
            _("The submission window of %(round)s is closed (%(opens)s – %(closes)s).")
            % {
                "round": round_.name,
                "opens": round_.submission_opens.strftime("%d-%m-%Y"),
                "closes": round_.submission_closes.strftime("%d-%m-%Y"),
            }
        )
    return problems


def _agency_limit_problem(initiative):
    used = (
        Initiative.objects.filter(
            agency_id=initiative.agency_id,
            round_id=initiative.round_id,
            status__in=COUNTED_STATUSES,
        )
        .exclude(pk=initiative.pk)
        .count()
    )
    limit = initiative.round.max_initiatives_per_agency
    if used >= limit:
        return _(
            "Your agency has already submitted %(used)s quick wins in this round; the limit is %(limit)s."
        ) % {"used": used, "limit": limit}
    return None


def transition(*, initiative, action, by, note="", guard=None):
    """Move `initiative` through `action`, or raise WorkflowError / PermissionDenied.

    Guarantees: the action is in the allowed map for the current (locked, re-read) status;
    `by` holds the right for it; submit/resubmit are complete and within limits; exactly
    one of two concurrent callers wins (row lock plus a conditional update); a
    StatusChange is written in the same transaction; `initiative_transitioned` is sent
    only after commit. `guard(locked_initiative)` may add checks under the lock and
    returns a list of problems.
    """
    action = Action(action)
    rule = TRANSITIONS[action]
    if not ACTION_PERMISSIONS[action].test(by, initiative):
        raise PermissionDenied
    note = (note or "").strip()
    if rule.note_required and not note:
        raise WorkflowError(_("Please write a reason or note for this step."))

    with transaction.atomic():
        locked = (
            Initiative.objects.select_for_update().select_related("round").get(pk=initiative.pk)
        )
        if locked.status not in rule.sources:
            raise WorkflowError(
                _("This quick win is now “%(status)s”, so it cannot be changed this way.")
                % {"status": locked.get_status_display()}
            )
        problems = []
        if action in (Action.SUBMIT, Action.RESUBMIT):
            # Serialise submissions of one agency so two parallel submits cannot pass the limit.
            Agency.objects.select_for_update().filter(pk=locked.agency_id).first()
            problems += submission_problems(locked, check_window=action == Action.SUBMIT)
            if action == Action.SUBMIT and (limit_problem := _agency_limit_problem(locked)):
                problems.append(limit_problem)
        if guard is not None:
            problems += guard(locked)
        if problems:
            raise WorkflowError(problems)

        now = timezone.now()
        fields = {"status": rule.target, "updated_at": now}
        if action in (Action.SUBMIT, Action.RESUBMIT):
            fields["submitted_at"] = now
        if action in (Action.APPROVE, Action.REJECT, Action.REQUEST_REVISION):
            fields["decided_at"] = now
        claimed = Initiative.objects.filter(pk=locked.pk, status=locked.status).update(**fields)
        if claimed != 1:
            raise WorkflowError(
                _("Someone else changed this quick win just now. Reload and try again.")
            )
        change = StatusChange.objects.create(
            initiative=locked,
            action=action,
            from_status=locked.status,
            to_status=rule.target,
            actor=by,
            note=note,
            created_at=now,
        )
        for key, value in fields.items():
            setattr(initiative, key, value)
        transaction.on_commit(
            lambda: initiative_transitioned.send(
                sender=Initiative,
                initiative=initiative,
                status_change=change,
                action=action,
                actor=by,
            )
        )
    return change


def milestone_weight_total(initiative):
    return initiative.milestones.aggregate(total=Sum("weight"))["total"] or 0


__all__ = ["Status", "WorkflowError", "submission_problems", "transition"]
