"""Celery tasks. They take nothing (or ids), are safe to run twice, and are queued on commit."""

from celery import shared_task

from . import services


@shared_task(name="reminders.sweep")
def sweep_reminders():
    """The daily reminder sweep (beat: 07:00 WITA), then a flush of the emails it queued."""
    written = services.run_sweep()
    services.enqueue_flush()
    return written


@shared_task(name="reminders.flush_outbox")
def flush_outbox():
    """Send the due outbox emails (beat: every 5 minutes)."""
    sent, failed = services.flush_outbox()
    return {"sent": sent, "failed": failed}


@shared_task(name="reminders.decision_waiting")
def decision_waiting(initiative_id):
    """Tell the bureau admins when all reviews of one quick win are in."""
    services.notify_decision_waiting(initiative_id=initiative_id)
