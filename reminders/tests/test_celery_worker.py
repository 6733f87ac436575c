"""A real Celery worker on the real Redis broker runs the sweep and the outbox flush.

Skips (saying why) only on a laptop without REDIS_URL; with CI set it never skips (and
fails loudly when CI forgot REDIS_URL).
"""

import datetime
import os
import subprocess
import sys
import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone

from core.workflow import Status
from initiatives.tests.factories import MilestoneFactory
from reminders.kinds import Kind
from reminders.models import Delivery, DeliveryStatus, Notification
from reminders.tasks import sweep_reminders

from .conftest import make_initiative

BROKER = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(
        not BROKER and not os.environ.get("CI"),
        reason="needs a real Redis broker: set REDIS_URL (e.g. redis://127.0.0.1:6379/1); "
        "CI always runs this test",
    ),
    # Real workers on one Redis: one pytest-xdist worker runs these and test_worker_faults in
    # turn (`--dist loadgroup` in the Makefile); run side by side they interfered.
    pytest.mark.xdist_group("celery-workers"),
]


@pytest.fixture
def redis_app():
    """The project's Celery app on the Redis broker of the settings (REDIS_URL), not eager."""
    from quickwin.celery import app

    if not BROKER:
        pytest.fail("CI is set but REDIS_URL is not: CI must run this test on Redis.")
    assert app.conf.broker_url == BROKER
    app.conf.task_always_eager = False
    app.control.purge()  # nothing left over from earlier runs
    yield app
    app.conf.task_always_eager = True


def _wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


# The worker runs in a thread with its own database connection: it sees the test's rows
# only when they are committed, hence transaction=True.
@pytest.mark.django_db(transaction=True)
def test_a_worker_on_redis_runs_the_sweep_and_sends_its_emails(
    redis_app, round_2027, agency, operator, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    today = timezone.localdate()
    running = make_initiative(
        round_2027,
        agency,
        Status.IN_PROGRESS,
        created_by=operator,
        start_date=today - datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=60),
    )
    MilestoneFactory(initiative=running, due_date=today + datetime.timedelta(days=7), weight=100)
    mail.outbox = []

    with start_worker(redis_app, perform_ping_check=False, shutdown_timeout=20):
        result = sweep_reminders.delay()
        assert not isinstance(result, EagerResult)  # went through the broker
        assert _wait_for(
            lambda: Delivery.objects.filter(
                notification__kind=Kind.MILESTONE_DUE, status=DeliveryStatus.SENT
            ).exists()
        ), "the worker did not sweep and flush within 30 seconds"

    notification = Notification.objects.get(kind=Kind.MILESTONE_DUE)
    assert notification.recipient == operator and notification.lead_days == 7
    assert [m.to for m in mail.outbox if notification.title in m.subject] == [[operator.email]]


def _database_url():
    """The test database as a DATABASE_URL another process can open (PostgreSQL only)."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_worker_process_on_redis_sweeps_and_writes_its_emails(
    redis_app, round_2027, agency, operator, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("a worker process shares the test database only on PostgreSQL (CI)")
    today = timezone.localdate()
    running = make_initiative(
        round_2027,
        agency,
        Status.IN_PROGRESS,
        created_by=operator,
        start_date=today - datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=60),
    )
    MilestoneFactory(initiative=running, due_date=today + datetime.timedelta(days=1), weight=100)
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    queue = f"qw-worker-process-{os.getpid()}"  # its own queue: no other test's worker takes it
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "reminders.tests.worker_settings",
        "QW_TEST_QUEUE": queue,
        "QW_TEST_MAIL_DIR": str(mail_dir),
        "QW_TEST_MAIL_DELAY": "0",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": BROKER,
        "SECRET_KEY": "worker-test-secret",
        "DEBUG": "off",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "quickwin", "worker", "--pool=solo"]
        + ["--without-gossip", "--without-mingle", "--loglevel=warning"]
        + ["-n", f"qw-test-{os.getpid()}@%h"],
        cwd=settings.BASE_DIR,
        env=env,
    )
    try:
        sweep_reminders.apply_async(queue=queue)
        assert _wait_for(
            lambda: Delivery.objects.filter(
                notification__kind=Kind.MILESTONE_DUE, status=DeliveryStatus.SENT
            ).exists(),
            seconds=60,
        ), "the worker process did not sweep and flush within 60 seconds"
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    notification = Notification.objects.get(kind=Kind.MILESTONE_DUE)
    assert notification.recipient == operator and notification.lead_days == 1
    written = "".join(path.read_text() for path in mail_dir.iterdir())
    assert operator.email in written
