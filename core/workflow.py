"""The quick-win workflow: statuses, actions and the allowed map (architecture.md).

```
draft ─submit─▶ submitted ─assign─▶ in_review ─approve─▶ approved ─start─▶ in_progress
revision ◀─request_revision─ in_review ─reject─▶ rejected
revision ─resubmit─▶ submitted          in_progress ─complete─▶ completed ─evaluate─▶ evaluated
draft/submitted ─withdraw─▶ withdrawn   approved/in_progress ─cancel─▶ cancelled
completed ─send_back─▶ in_progress
```
Only `initiatives.services.transition()` applies these; who may perform each action is in
`initiatives/permissions.py`.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    REVISION = "revision", _("Needs revision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    EVALUATED = "evaluated", _("Evaluated")
    CANCELLED = "cancelled", _("Cancelled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Action(models.TextChoices):
    SUBMIT = "submit", _("Submit")
    WITHDRAW = "withdraw", _("Withdraw")
    ASSIGN = "assign", _("Assign reviewers")
    REQUEST_REVISION = "request_revision", _("Request revision")
    RESUBMIT = "resubmit", _("Resubmit")
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    START = "start", _("Start implementation")
    COMPLETE = "complete", _("Complete")
    SEND_BACK = "send_back", _("Send back")
    EVALUATE = "evaluate", _("Evaluate")
    CANCEL = "cancel", _("Cancel")


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: str
    note_required: bool = False


TRANSITIONS = {
    Action.SUBMIT: Transition(frozenset({Status.DRAFT}), Status.SUBMITTED),
    Action.WITHDRAW: Transition(frozenset({Status.DRAFT, Status.SUBMITTED}), Status.WITHDRAWN),
    Action.ASSIGN: Transition(frozenset({Status.SUBMITTED}), Status.IN_REVIEW),
    Action.REQUEST_REVISION: Transition(
        frozenset({Status.IN_REVIEW}), Status.REVISION, note_required=True
    ),
    Action.RESUBMIT: Transition(frozenset({Status.REVISION}), Status.SUBMITTED),
    Action.APPROVE: Transition(frozenset({Status.IN_REVIEW}), Status.APPROVED),
    Action.REJECT: Transition(frozenset({Status.IN_REVIEW}), Status.REJECTED, note_required=True),
    Action.START: Transition(frozenset({Status.APPROVED}), Status.IN_PROGRESS),
    Action.COMPLETE: Transition(frozenset({Status.IN_PROGRESS}), Status.COMPLETED),
    Action.SEND_BACK: Transition(
        frozenset({Status.COMPLETED}), Status.IN_PROGRESS, note_required=True
    ),
    Action.EVALUATE: Transition(frozenset({Status.COMPLETED}), Status.EVALUATED),
    Action.CANCEL: Transition(
        frozenset({Status.APPROVED, Status.IN_PROGRESS}), Status.CANCELLED, note_required=True
    ),
}

# Status groups: each has one name, used by every page, export, email and query.
# Editable by the agency (a revision is edited like a draft).
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.REVISION})
# Submitted at some point and not withdrawn: what counts against the agency's limit for the
# round, what the review board lists and what the dashboard calls "proposed".
SUBMITTED_STATUSES = frozenset(set(Status) - {Status.DRAFT, Status.WITHDRAWN})
# Waiting for, or in, review.
IN_REVIEW_STAGE_STATUSES = frozenset({Status.SUBMITTED, Status.IN_REVIEW, Status.REVISION})
# Being carried out: milestones are ticked and progress reports are owed.
IMPLEMENTING_STATUSES = frozenset({Status.APPROVED, Status.IN_PROGRESS})
# Health (on track / at risk / off track) is meaningful only while being carried out.
HEALTH_STATUSES = IMPLEMENTING_STATUSES
# Carried out, or done and waiting for the bureau's evaluation: the monitoring board.
MONITORED_STATUSES = frozenset({Status.APPROVED, Status.IN_PROGRESS, Status.COMPLETED})
# Done, evaluated or not.
COMPLETED_STATUSES = frozenset({Status.COMPLETED, Status.EVALUATED})
# Approved and not cancelled: what the dashboard counts as approved.
APPROVED_OR_LATER_STATUSES = IMPLEMENTING_STATUSES | COMPLETED_STATUSES
# Ever approved, cancelled ones included: a quick win with an implementation history.
AFTER_APPROVAL_STATUSES = APPROVED_OR_LATER_STATUSES | {Status.CANCELLED}
# Closed without success.
CLOSED_UNSUCCESSFUL_STATUSES = frozenset({Status.REJECTED, Status.CANCELLED})
