"""Sweep and flush in one go, for setups without Celery beat (cron, or `--loop`)."""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from reminders import services


class Command(BaseCommand):
    help = "Run today's reminder sweep and send the pending emails (optionally in a loop)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            type=int,
            metavar="SECONDS",
            help="Keep running: flush every SECONDS, sweep once per WITA day.",
        )

    def handle(self, *args, loop=None, **options):
        swept_on = None
        while True:
            today = timezone.localdate()
            if swept_on != today:
                written = services.run_sweep(today=today)
                swept_on = today
                self.stdout.write(f"Sweep {today}: {written} new notifications.")
            sent, failed = services.flush_outbox()
            self.stdout.write(f"Outbox: {sent} sent, {failed} failed.")
            if not loop:
                return
            time.sleep(loop)
