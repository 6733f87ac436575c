"""Reactions to other apps' signals; each just calls one service."""

from django.dispatch import receiver

from initiatives.signals import initiative_transitioned
from initiatives.workflow import Action

from .services import start_next_cycle


@receiver(initiative_transitioned, dispatch_uid="evaluations_next_cycle_on_resubmit")
def back_to_the_same_reviewers(sender, initiative, action, **kwargs):
    if action == Action.RESUBMIT:
        start_next_cycle(initiative=initiative)
