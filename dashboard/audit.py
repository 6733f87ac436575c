"""The audit page's events: status changes and decisions (initiatives' StatusChange),
submitted reviews (evaluations' Review) and everything in accounts' AuditEntry (rubric,
roles, round dates). Three queries whatever the history's length; the newest first."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEntry
from core.workflow import Action
from evaluations.models import Review, ReviewStatus
from initiatives.models import StatusChange

DECISIONS = {Action.APPROVE, Action.REJECT, Action.REQUEST_REVISION}
KINDS = {
    "status": _("Status change"),
    "decision": _("Decision"),
    "review": _("Review submitted"),
    "rubric_changed": _("Rubric changed"),
    "user_roles": _("User roles changed"),
    "user_created": _("User created"),
    "round_edited": _("Round changed"),
    "round_created": _("Round created"),
}


@dataclass
class Event:
    at: object
    kind: str
    actor: object
    subject: str
    detail: str = ""
    changes: list = field(default_factory=list)

    @property
    def kind_label(self):
        return KINDS.get(self.kind, self.kind)


def _status_events(limit):
    changes = StatusChange.objects.select_related("actor", "initiative").order_by(
        "-created_at", "-id"
    )[:limit]
    for change in changes:
        yield Event(
            at=change.created_at,
            kind="decision" if change.action in DECISIONS else "status",
            actor=change.actor,
            subject=change.initiative.title,
            detail=f"{change.get_from_status_display()} → {change.get_to_status_display()}"
            + (f" · {change.note}" if change.note else ""),
        )


def _review_events(limit):
    reviews = (
        Review.objects.filter(status=ReviewStatus.SUBMITTED)
        .select_related("assignment__reviewer", "assignment__initiative")
        .order_by("-submitted_at", "-id")[:limit]
    )
    for review in reviews:
        yield Event(
            at=review.submitted_at,
            kind="review",
            actor=review.assignment.reviewer,
            subject=review.assignment.initiative.title,
            detail=f"{review.total_score} · {review.get_recommendation_display()}",
        )


def _entry_events(limit):
    for entry in AuditEntry.objects.select_related("actor")[:limit]:
        yield Event(
            at=entry.created_at,
            kind=entry.action,
            actor=entry.actor,
            subject=entry.object_repr,
            changes=[
                (key, entry.before.get(key), entry.after.get(key))
                for key in sorted(set(entry.before) | set(entry.after))
            ],
        )


def audit_events(limit=300):
    """The newest `limit` events of every kind, merged."""
    events = [*_status_events(limit), *_review_events(limit), *_entry_events(limit)]
    events.sort(key=lambda event: event.at, reverse=True)
    return events[:limit]
