"""Celery tasks of the dashboard. Safe to run twice: they only call idempotent services."""

from celery import shared_task

from . import services


@shared_task(name="dashboard.send_weekly_briefing")
def send_weekly_briefing():
    """Email the PDF briefing of the current round to leadership (beat: Mondays 07:00 WITA)."""
    return services.send_weekly_briefing()


@shared_task(name="dashboard.refresh_snapshot")
def refresh_snapshot(round_id):
    """Rebuild one round's dashboard snapshot if it is stale (a fresh one is left alone)."""
    return services.refresh_snapshot(round_id)


@shared_task(name="dashboard.refresh_snapshots")
def refresh_snapshots():
    """Rebuild every stale snapshot, so visits after a change or after midnight WITA read a
    fresh one (beat: every 5 minutes)."""
    return services.refresh_snapshots()
