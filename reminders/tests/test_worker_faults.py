"""Worker faults: a real Celery worker process on Redis is SIGKILLed in the middle of a
sweep and in the middle of a flush, restarted, and the tasks run again.

Outcome: every due notification exists exactly once; every email is written exactly once,
except that the one email in flight when the worker died may be written a second time after
the claim timeout (at-least-once at that instant; same Message-ID). PostgreSQL + Redis only;
skips (saying why) without them unless CI is set.
"""

import collections
import datetime
import json
import os
import signal
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from core.workflow import Status
from initiatives.models import Milestone
from reminders import services
from reminders import sweep as sweep_module
from reminders.models import Delivery, DeliveryStatus, Notification
from reminders.tasks import flush_outbox, sweep_reminders

from .conftest import make_initiative

BROKER = os.environ.get("REDIS_URL", "")
APP_NAME = "qw-fault-worker"  # the worker's connections in pg_stat_activity
QUEUE = f"qw-faults-{os.getpid()}"  # its own queue: other Redis tests may run in parallel
MILESTONES = 30  # x 3 people with an email (operator, head, bureau admin) = 90 emails
SILENT_OPERATORS = 150  # no email: they make the sweep long, not the flush
KEY = ("kind", "content_type_id", "object_id", "due_date", "lead_days", "recipient_id", "step")

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(
        not BROKER and not os.environ.get("CI"),
        reason="needs a real Redis broker: set REDIS_URL (e.g. redis://127.0.0.1:6379/1); "
        "CI always runs this test",
    ),
    pytest.mark.xdist_group("celery-workers"),  # in turn with test_celery_worker, see there
]


def _forget_our_tasks():
    """Nothing left in our queue, and none of our tasks unacknowledged (a killed worker's
    tasks would otherwise come back after the visibility timeout). Other queues untouched."""
    client = redis.Redis.from_url(BROKER)
    client.delete(QUEUE, f"_kombu.binding.{QUEUE}", f"_kombu.binding_permanent.{QUEUE}")
    for tag, payload in client.hgetall("unacked").items():
        if json.loads(payload)[-1] == QUEUE:  # [message, exchange, routing key]
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)


def _send(task):
    task.apply_async(queue=QUEUE)


@pytest.fixture
def broker():
    from quickwin.celery import app

    if not BROKER:
        pytest.fail("CI is set but REDIS_URL is not: CI must run this test on Redis.")
    if connection.vendor != "postgresql":
        pytest.skip("a worker process shares the test database only on PostgreSQL (CI)")
    assert app.conf.broker_url == BROKER
    app.conf.task_always_eager = False
    _forget_our_tasks()
    yield app
    _forget_our_tasks()
    app.conf.task_always_eager = True


class WorkerProcess:
    """`celery -A quickwin worker --pool=solo` on the test database, started and killed."""

    def __init__(self, mail_dir):
        db = connection.settings_dict
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "reminders.tests.worker_settings",
            "DATABASE_URL": f"postgres://{auth}@{host}/{db['NAME']}",
            "REDIS_URL": BROKER,
            "QW_TEST_MAIL_DIR": str(mail_dir),
            "QW_TEST_MAIL_DELAY": "0.05",
            "PGAPPNAME": APP_NAME,
            "QW_TEST_QUEUE": QUEUE,
            "SECRET_KEY": "worker-test-secret",
            "DEBUG": "off",
        }
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "quickwin", "worker", "--pool=solo"]
            + ["--without-gossip", "--without-mingle", "--loglevel=warning"]
            + ["-n", f"qw-faults-{os.getpid()}@%h"],
            cwd=settings.BASE_DIR,
            env=self.env,
        )

    def kill(self):
        """SIGKILL: no shutdown, no acknowledgement, no rollback by the worker itself."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def _wait_for(condition, what, seconds=30, every=0.01):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(every)
    pytest.fail(f"waited {seconds} s for {what}")


def _worker_is_writing_notifications():
    """The worker's database session is inside the sweep's write (its transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s"
            " AND (state = 'idle in transaction' OR query LIKE 'INSERT INTO \"reminders_%%')",
            [APP_NAME],
        )
        return cursor.fetchone()[0] > 0


def _message_ids(mail_dir):
    ids = collections.Counter()
    for path in mail_dir.glob("*.eml"):
        for line in path.read_text(errors="replace").splitlines():
            if line.startswith("Message-ID: "):
                ids[line.removeprefix("Message-ID: ").strip()] += 1
                break
    return ids


@pytest.fixture
def many_due(round_2027, agency, operator, colleague, bureau_admin):
    """30 milestones of one quick win 10 days overdue (step 2: operator, head, bureau admin
    by email) and 150 more operators without email (in-app only: a long sweep)."""
    today = timezone.localdate()
    running = make_initiative(
        round_2027,
        agency,
        Status.IN_PROGRESS,
        created_by=operator,
        start_date=today - datetime.timedelta(days=60),
        end_date=today + datetime.timedelta(days=60),
    )
    Milestone.objects.bulk_create(
        Milestone(
            initiative=running,
            title=f"Tahap {i}",
            due_date=today - datetime.timedelta(days=10),
            weight=1,
        )
        for i in range(MILESTONES)
    )
    User.objects.bulk_create(
        User(username=f"silent-{i}", email="", is_agency_operator=True, agency=agency)
        for i in range(SILENT_OPERATORS)
    )
    return today


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_sweep_and_mid_flush_delivers_every_notification_once(
    broker, many_due, tmp_path
):
    expected = {tuple(getattr(n, f) for f in KEY) for n in sweep_module.collect(many_due)}
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    worker = WorkerProcess(mail_dir)
    try:
        # 1. Killed inside the sweep's write: nothing of it is left half-done.
        worker.start()
        _send(sweep_reminders)
        _wait_for(_worker_is_writing_notifications, "the worker to write notifications")
        worker.kill()
        assert Notification.objects.count() == 0 and Delivery.objects.count() == 0

        # 2. Restarted: the sweep runs again and queues the flush; killed mid-flush.
        worker.start()
        _send(sweep_reminders)
        _wait_for(lambda: len(list(mail_dir.glob("*.eml"))) >= 10, "the first emails")
        worker.kill()
        claims = dict(
            Delivery.objects.filter(status=DeliveryStatus.SENDING).values_list("pk", "claimed_at")
        )
        in_flight = set(claims)
        assert len(in_flight) <= 1  # --pool=solo: one email at a time
        assert Delivery.objects.filter(status=DeliveryStatus.PENDING).exists()  # mid-flush

        # 3. Restarted again: the sweep writes nothing new, the flush sends the rest; the row
        # claimed by the dead worker waits for the claim timeout.
        worker.start()
        _send(sweep_reminders)
        _send(flush_outbox)
        _wait_for(
            lambda: (
                set(
                    Delivery.objects.exclude(status=DeliveryStatus.SENT).values_list(
                        "pk", flat=True
                    )
                )
                == in_flight
            ),
            "the remaining emails",
        )
        time.sleep(1)  # the queued flushes have run by now: the dead worker's row is still held
        stuck = set(
            Delivery.objects.exclude(status=DeliveryStatus.SENT).values_list("pk", flat=True)
        )
        assert stuck == in_flight
        assert claims == dict(
            Delivery.objects.filter(status=DeliveryStatus.SENDING).values_list("pk", "claimed_at")
        ), "a row held by the dead worker was taken before the claim timeout"

        # 4. The claim timeout passes (moved back instead of waited for): sent once more.
        Delivery.objects.filter(pk__in=stuck).update(
            claimed_at=F("claimed_at") - services.CLAIM_TIMEOUT - datetime.timedelta(seconds=1)
        )
        _send(flush_outbox)
        _wait_for(
            lambda: not Delivery.objects.exclude(status=DeliveryStatus.SENT).exists(),
            "the email claimed by the killed worker",
        )
    finally:
        worker.stop()

    # Every due notification exactly once.
    written = list(Notification.objects.values_list(*KEY))
    assert len(written) == len(set(written)) and set(written) == expected
    assert len(written) > MILESTONES * SILENT_OPERATORS  # the sweep that was killed was long

    # One outbox row per notification with an email; each row's email written once — the
    # one in flight at the kill at most twice (if it had left before the worker died).
    deliveries = dict(Delivery.objects.values_list("pk", "notification__recipient__email"))
    assert len(deliveries) == Notification.objects.exclude(recipient__email="").count()
    domain = urlsplit(settings.SITE_URL).hostname
    sent = _message_ids(mail_dir)
    per_delivery = {pk: sent.pop(f"<qw-delivery-{pk}@{domain}>", 0) for pk in deliveries}
    assert not sent, "emails that belong to no outbox row"
    assert all(count >= 1 for count in per_delivery.values()), "an email was lost"
    resent = {pk for pk, count in per_delivery.items() if count > 1}
    assert resent <= in_flight and all(per_delivery[pk] <= 2 for pk in resent)
