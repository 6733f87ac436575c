"""`manage.py generate_data --agencies N --initiatives M [--seed S]`: load data."""

import time

from django.core.management.base import BaseCommand, CommandError

from dashboard.generate import GeneratorError, generate


class Command(BaseCommand):
    help = "Generate realistic agencies, rounds, quick wins, milestones, reports and reviews."

    def add_arguments(self, parser):
        parser.add_argument("--agencies", type=int, required=True)
        parser.add_argument("--initiatives", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, agencies, initiatives, seed, **options):
        started = time.monotonic()
        try:
            counts = generate(
                agencies=agencies,
                initiatives=initiatives,
                seed=seed,
                log=lambda message: self.stdout.write(f"  {message}"),
            )
        except GeneratorError as error:
            raise CommandError(str(error)) from error
        summary = ", ".join(f"{name} {count}" for name, count in counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Generated in {time.monotonic() - started:.1f}s: {summary}")
        )
