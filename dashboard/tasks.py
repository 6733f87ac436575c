"""Celery tasks of the dashboard. Safe to run twice: they only call idempotent services."""

from celery import shared_task

from . import services


@shared_task(name="dashboard.send_weekly_briefing")
def send_weekly_briefing():
    """Email the PDF briefing of the current round to leadership (beat: Mondays 07:00 WITA)."""
    return services.send_weekly_briefing()
