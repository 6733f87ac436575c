"""Immediate notifications: lower apps send signals (after commit), we notify at once.

Registered in RemindersConfig.ready(); initiatives and evaluations never import us.
A failing notification must not break the action that caused it (that has committed
already), so each receiver logs its error instead of raising.
"""

import functools
import logging

from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver

from accounts.models import User
from core.workflow import Action
from evaluations.signals import review_submitted, reviewer_assigned
from initiatives.signals import initiative_transitioned
from monitoring.signals import milestone_sent_back

from . import services, texts
from .kinds import Kind

logger = logging.getLogger(__name__)


def never_breaks_the_sender(receiver_fn):
    @functools.wraps(receiver_fn)
    def wrapper(*args, **kwargs):
        try:
            return receiver_fn(*args, **kwargs)
        except Exception:
            logger.exception("Notification receiver %s failed", receiver_fn.__name__)
        return None

    return wrapper


DECISIONS = {Action.APPROVE, Action.REQUEST_REVISION, Action.REJECT}


def _agency_people(agency_id, *, heads=True):
    """Active operators (and heads) of an agency, in one query."""
    roles = (
        Q(is_agency_operator=True) | Q(is_agency_head=True) if heads else Q(is_agency_operator=True)
    )
    return list(User.objects.of_agency(agency_id).filter(roles).values_list("id", flat=True))


@receiver(reviewer_assigned, dispatch_uid="reminders.reviewer_assigned")
@never_breaks_the_sender
def on_reviewer_assigned(sender, assignment, **kwargs):
    services.notify(
        kind=Kind.REVIEWER_ASSIGNED,
        obj=assignment,
        recipients=[assignment.reviewer_id],
        due_date=assignment.due_date,
        link=texts.review_link(assignment.pk),
        title=assignment.initiative.title,
    )


@receiver(initiative_transitioned, dispatch_uid="reminders.decision_made")
@never_breaks_the_sender
def on_initiative_transitioned(sender, initiative, status_change, action, actor, **kwargs):
    if action not in DECISIONS:
        return
    services.notify(
        kind=Kind.DECISION_MADE,
        obj=status_change,
        recipients=_agency_people(initiative.agency_id),
        link=texts.initiative_link(initiative.pk),
        title=initiative.title,
        decision=Action(action).label,
        note=status_change.note,
    )


@receiver(milestone_sent_back, dispatch_uid="reminders.milestone_sent_back")
@never_breaks_the_sender
def on_milestone_sent_back(sender, milestone, reason="", **kwargs):
    initiative = milestone.initiative
    services.notify(
        kind=Kind.MILESTONE_SENT_BACK,
        obj=milestone,
        recipients=_agency_people(initiative.agency_id, heads=False),
        link=texts.initiative_link(initiative.pk),
        milestone=milestone.title,
        title=initiative.title,
        reason=reason,
    )


@receiver(review_submitted, dispatch_uid="reminders.review_submitted")
@never_breaks_the_sender
def on_review_submitted(sender, review, **kwargs):
    from .tasks import decision_waiting

    initiative_id = review.assignment.initiative_id
    transaction.on_commit(lambda: decision_waiting.delay(initiative_id))
