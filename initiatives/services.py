"""Writes on quick wins. `transition()` is the only function that changes a status."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import Agency
from core.permissions import require
from core.workflow import SUBMITTED_STATUSES, TRANSITIONS, Action, Status

from .evidence import clean_display_name, validate_evidence_file
from .models import Comment, Evidence, EvidenceKind, Initiative, Round, StatusChange
from .permissions import ACTION_PERMISSIONS
from .signals import initiative_transitioned


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
            status__in=SUBMITTED_STATUSES,
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


def transition(*, initiative, action, by, note="", guard=None, automatic=False):
    """Move `initiative` through `action`, or raise WorkflowError / PermissionDenied.

    Guarantees: the action is in the allowed map for the current (locked, re-read) status;
    `by` holds the right for it; submit/resubmit are complete and within limits; exactly
    one of two concurrent callers wins (row lock plus a conditional update); a
    StatusChange is written in the same transaction; `initiative_transitioned` is sent
    only after commit. `guard(locked_initiative)` may add checks under the lock and
    returns a list of problems. An `automatic` step (one the product takes by itself on
    `by`'s authority, e.g. back to the same reviewers after a resubmission) is recorded as
    the system's, not as `by`'s.
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
            actor=None if automatic else by,
            is_automatic=automatic,
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


# --- Rounds -----------------------------------------------------------------------------


def round_save(*, form, by):
    """Create or update a round from a valid RoundForm (dates already checked for order).

    Only bureau admins; `full_clean()` runs again so the database constraints never fire.
    Every changed date or rule is written to the audit trail with `by`, in the same transaction.
    """
    require(by, "initiatives.manage_rounds")
    round_ = form.save(commit=False)
    round_.full_clean()
    before = (
        audit.snapshot(Round.objects.get(pk=round_.pk), ROUND_AUDIT_FIELDS) if round_.pk else {}
    )
    with transaction.atomic():
        round_.save()
        audit.record(
            by=by,
            action="round_edited" if before else "round_created",
            obj=round_,
            before=before,
            after=audit.snapshot(round_, ROUND_AUDIT_FIELDS),
        )
    return round_


# The round's dates and rules, recorded in the audit trail when they change.
ROUND_AUDIT_FIELDS = (
    "name",
    "submission_opens",
    "submission_closes",
    "review_deadline",
    "implementation_start",
    "implementation_end",
    "report_cadence",
    "report_due_day",
    "max_initiatives_per_agency",
    "min_reviews_for_decision",
)


# --- The proposal ---------------------------------------------------------------------------


# The proposal fields an agency edits (the form's fields minus the many-to-many one).
_PROPOSAL_FIELDS = [*REQUIRED_FIELDS, "rb_tematik", "budget_source"]


def _weight_warning(initiative):
    total = milestone_weight_total(initiative)
    if initiative.milestones.exists() and total != 100:
        return _(
            "Saved as a draft, but the milestone weights add up to %(total)s, not 100. "
            "Fix this before submitting."
        ) % {"total": total}
    return None


def _save_parts(initiative, form, indicator_formset, milestone_formset):
    form.save_m2m()
    for formset in (indicator_formset, milestone_formset):
        formset.instance = initiative
        formset.save()


def initiative_create(*, by, round_, form, indicator_formset, milestone_formset):
    """Create a draft quick win of `by`'s agency in `round` from valid form and formsets.

    Guarantees: only agency members create; status is draft; agency and creator come from
    `by`, never from the POST; everything is saved in one transaction. Returns
    (initiative, warnings) — warnings say what must be fixed before submitting.
    """
    require(by, "initiatives.create_initiative")
    with transaction.atomic():
        initiative = form.save(commit=False)
        initiative.round = round_
        initiative.agency_id = by.agency_id
        initiative.created_by = by
        initiative.save()  # a new quick win starts as a draft (the field's default)
        _save_parts(initiative, form, indicator_formset, milestone_formset)
    return initiative, [w for w in [_weight_warning(initiative)] if w]


def initiative_update(*, initiative, by, form, indicator_formset, milestone_formset):
    """Save changes to a draft or revision from valid form and formsets.

    Guarantees: the row is locked and its status re-read, so a quick win submitted in the
    meantime (or a crafted POST) is refused with WorkflowError and nothing is written;
    status, agency and round never change here. Returns the list of warnings.
    """
    with transaction.atomic():
        locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if not by.has_perm("initiatives.change_initiative", locked):
            if by.has_perm("initiatives.view_initiative", locked) and not locked.is_editable_status:
                raise WorkflowError(
                    _("This quick win is “%(status)s” and can no longer be edited.")
                    % {"status": locked.get_status_display()}
                )
            raise PermissionDenied
        changed = form.save(commit=False)
        # Only the form's own fields are written: status, agency and round stay as stored.
        changed.save(update_fields=[*_PROPOSAL_FIELDS, "updated_at"])
        _save_parts(changed, form, indicator_formset, milestone_formset)
    return [w for w in [_weight_warning(changed)] if w]


# --- Comments and evidence --------------------------------------------------------------------


def comment_add(*, initiative, by, body):
    """Add a comment to the quick win's thread; only its agency, reviewers and bureau admins."""
    require(by, "initiatives.comment_initiative", initiative)
    body = (body or "").strip()
    if not body:
        raise WorkflowError(_("Write a comment first."))
    return Comment.objects.create(initiative=initiative, author=by, body=body)


def evidence_attach(*, initiative, uploaded_file, by, kind=EvidenceKind.PROPOSAL, milestone=None):
    """Store an uploaded file as evidence of `initiative` (optionally of one of its milestones).

    Guarantees: the content is checked (`validate_evidence_file`, raises ValidationError);
    the file is stored through the storage API under a random name; the original name is
    kept only for display, cleaned of path parts. The caller checks the permission that
    fits the kind (proposal files: "initiatives.change_initiative").
    """
    content_type = validate_evidence_file(uploaded_file)
    display_name = clean_display_name(uploaded_file.name)
    uploaded_file.name = display_name  # upload_to keeps only its extension
    return Evidence.objects.create(
        initiative=initiative,
        kind=kind,
        milestone=milestone,
        file=uploaded_file,
        original_name=display_name,
        content_type=content_type,
        size=uploaded_file.size,
        uploaded_by=by,
    )


def evidence_delete(*, evidence, by):
    """Delete an evidence file and its stored content, only while the owner may edit."""
    require(by, "initiatives.delete_evidence", evidence.initiative)
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))


__all__ = [
    "Status",
    "WorkflowError",
    "comment_add",
    "evidence_attach",
    "evidence_delete",
    "initiative_create",
    "initiative_update",
    "round_save",
    "submission_problems",
    "transition",
]
