"""Reactions to other apps' signals; each just calls one service."""

import logging

from django.dispatch import receiver

from core.workflow import Action
from initiatives.services import WorkflowError
from initiatives.signals import initiative_transitioned

from .services import EvaluationError, start_next_cycle

logger = logging.getLogger(__name__)


@receiver(initiative_transitioned, dispatch_uid="evaluations_next_cycle_on_resubmit")
def back_to_the_same_reviewers(sender, initiative, action, **kwargs):
    if action != Action.RESUBMIT:
        return
    try:
        start_next_cycle(initiative=initiative)
    except (EvaluationError, WorkflowError):
        # The agency's resubmission has already committed; if the reviewers cannot be
        # reassigned (for example someone assigned by hand first) the quick win simply
        # waits on the review board as "submitted" for the bureau to assign.
        logger.warning("Could not start the next review cycle of quick win %s", initiative.pk)
