"""Run the reminder sweep once: `manage.py send_reminders [--dry-run] [--now ISO]`."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders import services, sweep


def parse_today(value):
    """A WITA date from an ISO date or datetime (naive = WITA)."""
    if not value:
        return timezone.localdate()
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--now must be an ISO date or datetime, got {value!r}") from exc
    if timezone.is_naive(moment):
        return moment.date()
    return timezone.localdate(moment)


class Command(BaseCommand):
    help = "Run the reminder sweep once (the dry run only prints what it would write)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print, write nothing.")
        parser.add_argument("--now", help="Pretend it is this ISO date/datetime (WITA).")

    def handle(self, *args, dry_run=False, now=None, **options):
        today = parse_today(now)
        if dry_run:
            notifications = sweep.collect(today)
            for n in notifications:
                self.stdout.write(f"{n.kind:<20} step {n.step} → user {n.recipient_id}: {n.title}")
            self.stdout.write(f"{len(notifications)} notifications due on {today} (dry run).")
            return
        written = services.run_sweep(today=today)
        self.stdout.write(self.style.SUCCESS(f"Sweep for {today}: {written} new notifications."))
