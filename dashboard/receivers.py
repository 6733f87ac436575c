"""Every write that changes a dashboard figure marks the round changed (snapshots.note_change).

The dashboard listens to the models its figures are made of; the services that change rows
with `QuerySet.update()` (no post_save) send `initiatives.signals.milestone_changed`.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from evaluations.models import Assignment, Review
from initiatives.models import Initiative, Milestone, StatusChange
from monitoring.models import ProgressReport
from monitoring.signals import milestone_changed

from . import snapshots


@receiver([post_save, post_delete], sender=Initiative, dispatch_uid="dashboard_initiative")
def initiative_written(sender, instance, **kwargs):
    snapshots.note_change(round_id=instance.round_id)


@receiver([post_save, post_delete], sender=Milestone, dispatch_uid="dashboard_milestone")
@receiver([post_save, post_delete], sender=ProgressReport, dispatch_uid="dashboard_report")
@receiver([post_save, post_delete], sender=StatusChange, dispatch_uid="dashboard_status")
@receiver([post_save, post_delete], sender=Assignment, dispatch_uid="dashboard_assignment")
def part_written(sender, instance, **kwargs):
    snapshots.note_change(initiative_id=instance.initiative_id)


@receiver([post_save, post_delete], sender=Review, dispatch_uid="dashboard_review")
def review_written(sender, instance, **kwargs):
    assignment = Assignment.objects.filter(pk=instance.assignment_id).values("initiative_id")
    snapshots.note_change(initiative_id=assignment[:1])


@receiver(milestone_changed, dispatch_uid="dashboard_milestone_changed")
def milestone_updated(sender, initiative_id, **kwargs):
    snapshots.note_change(initiative_id=initiative_id)
