"""Two flushes running at the same moment on PostgreSQL send every email exactly once."""

import threading

import pytest
from django.core import mail
from django.db import connection

from reminders import services
from reminders.models import Delivery, DeliveryStatus

from .conftest import day


@pytest.mark.django_db(transaction=True)
def test_two_parallel_flushes_send_each_email_once(
    round_2027, agency, operator, colleague, bureau_admin, settings
):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need PostgreSQL (SQLite locks the whole database)")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from initiatives.models import Milestone

    from .conftest import make_initiative

    running = make_initiative(round_2027, agency, "in_progress", created_by=operator)
    Milestone.objects.bulk_create(
        Milestone(initiative=running, title=f"Tahap {i}", due_date=day(-9), weight=1)
        for i in range(15)
    )
    services.run_sweep(today=day(0))  # step 2: operator, head and bureau admin per milestone
    queued = Delivery.objects.count()
    assert queued >= 45
    mail.outbox = []

    start = threading.Barrier(2)
    results = []

    def flush():
        try:
            start.wait()
            results.append(services.flush_outbox())
        finally:
            connection.close()

    threads = [threading.Thread(target=flush) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sum(sent for sent, _ in results) == queued
    assert len(mail.outbox) == queued
    assert not Delivery.objects.exclude(status=DeliveryStatus.SENT, attempts=1).exists()
