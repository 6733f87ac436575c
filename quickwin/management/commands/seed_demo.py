"""Load demo users (and, as the apps grow, a demo round with quick wins). Idempotent."""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, seed_users
from dashboard import demo as dashboard_demo


class Command(BaseCommand):
    help = "Create demo users for every role (and demo data). Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            users = seed_users()
            dashboard_demo.seed()
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
