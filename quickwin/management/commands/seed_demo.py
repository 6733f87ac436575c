"""Load demo users (and, as the apps grow, a demo round with quick wins). Idempotent."""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, seed_users
from dashboard import demo as dashboard_demo
from evaluations.demo import seed as seed_evaluations
from initiatives import demo as initiatives_demo
from monitoring.demo import seed as seed_monitoring


class Command(BaseCommand):
    help = "Create demo users for every role (and demo data). Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            users = seed_users()
            initiatives_demo.seed()  # a round and quick wins in every status
            seed_evaluations()  # rubric, assignments and reviews of those quick wins
            seed_monitoring()  # milestones done and reports of the approved ones
            dashboard_demo.seed()  # an earlier round across all 44 agencies, for the dashboard
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data ready. Demo logins (password for all: %s):" % DEMO_PASSWORD
            )
        )
        for user in users:
            agency = f" — {user.agency.abbreviation}" if user.agency else ""
            self.stdout.write(
                f"  {user.username:<22} {', '.join(map(str, user.role_labels))}{agency}"
            )
