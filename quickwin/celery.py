"""The Celery app: broker from settings (REDIS_URL), the beat schedule in code.

Without REDIS_URL the settings make every task run eagerly in-process, so `make run`
needs no broker; `manage.py run_reminders` covers cron-only setups.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quickwin.settings")

app = Celery("quickwin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Times are WITA: CELERY_TIMEZONE is Asia/Makassar.
app.conf.beat_schedule = {
    "reminders-daily-sweep": {
        "task": "reminders.sweep",
        "schedule": crontab(hour=7, minute=0),
    },
    "reminders-flush-outbox": {
        "task": "reminders.flush_outbox",
        "schedule": crontab(minute="*/5"),
    },
    "dashboard-refresh-snapshots": {
        "task": "dashboard.refresh_snapshots",
        "schedule": crontab(minute="*/5"),
    },
    "dashboard-weekly-briefing": {
        "task": "dashboard.send_weekly_briefing",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
    },
}
