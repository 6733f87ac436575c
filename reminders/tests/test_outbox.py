"""The outbox sends each email once: claimed before sending, failures retried, mutes kept."""

import datetime
import socket

import pytest
from django.core import mail
from django.utils import timezone

from accounts.tests.factories import OperatorFactory
from reminders import services
from reminders.kinds import Kind
from reminders.models import Delivery, DeliveryStatus, Notification

from .conftest import day

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def queued(milestone, operator):
    """One queued email: the operator's 7-day milestone reminder."""
    services.run_sweep(today=day(-7))
    delivery = Delivery.objects.get(notification__kind=Kind.MILESTONE_DUE)
    Delivery.objects.exclude(pk=delivery.pk).delete()  # missing-report reminders: not here
    return delivery


@pytest.fixture
def refused_smtp(settings):
    """A real SMTP backend pointed at a closed local port: every send fails."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2
    return settings


@pytest.mark.django_db
def test_it_sends_each_email_once_over_two_flushes(queued, operator, settings):
    settings.EMAIL_BACKEND = LOCMEM
    mail.outbox.clear()
    assert services.flush_outbox() == (1, 0)
    assert services.flush_outbox() == (0, 0)
    assert len(mail.outbox) == 1
    queued.refresh_from_db()
    assert queued.status == DeliveryStatus.SENT and queued.sent_at and queued.attempts == 1

    message = mail.outbox[0]
    assert message.to == [operator.email]
    assert "segera jatuh tempo" in message.subject
    assert settings.SITE_URL in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html" and "Buka di Quick Win" in html


@pytest.mark.django_db
def test_only_one_of_two_concurrent_claims_wins(queued):
    now = timezone.now()
    assert services.claim(delivery_id=queued.pk, now=now) is True
    assert services.claim(delivery_id=queued.pk, now=now) is False
    queued.refresh_from_db()
    assert queued.status == DeliveryStatus.SENDING and queued.attempts == 1


@pytest.mark.django_db
def test_a_crash_after_claiming_is_delivered_exactly_once(queued, settings):
    settings.EMAIL_BACKEND = LOCMEM
    mail.outbox.clear()
    crashed_at = timezone.now()
    services.claim(delivery_id=queued.pk, now=crashed_at)  # …and the sender died here

    assert services.flush_outbox(now=crashed_at + datetime.timedelta(minutes=1)) == (0, 0)
    later = crashed_at + services.CLAIM_TIMEOUT + datetime.timedelta(seconds=1)
    assert services.flush_outbox(now=later) == (1, 0)
    assert services.flush_outbox(now=later + datetime.timedelta(hours=1)) == (0, 0)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_failed_send_stays_pending_and_is_retried_later(queued, refused_smtp):
    now = timezone.now()
    assert services.flush_outbox(now=now) == (0, 1)
    queued.refresh_from_db()
    assert queued.status == DeliveryStatus.PENDING
    assert queued.attempts == 1 and queued.last_error
    assert queued.next_attempt_at == now + services.RETRY_BASE
    assert services.flush_outbox(now=now + datetime.timedelta(minutes=1)) == (0, 0)  # back-off

    refused_smtp.EMAIL_BACKEND = LOCMEM  # the mail server is back
    mail.outbox.clear()
    assert services.flush_outbox(now=now + datetime.timedelta(minutes=6)) == (1, 0)
    assert services.flush_outbox(now=now + datetime.timedelta(hours=2)) == (0, 0)
    assert len(mail.outbox) == 1
    queued.refresh_from_db()
    assert queued.status == DeliveryStatus.SENT and queued.attempts == 2


@pytest.mark.django_db
def test_it_gives_up_after_the_last_attempt(queued, refused_smtp):
    Delivery.objects.filter(pk=queued.pk).update(attempts=services.MAX_ATTEMPTS - 1)
    services.flush_outbox()
    queued.refresh_from_db()
    assert queued.status == DeliveryStatus.FAILED and queued.attempts == services.MAX_ATTEMPTS
    assert services.flush_outbox(now=timezone.now() + datetime.timedelta(days=30)) == (0, 0)


@pytest.mark.django_db
def test_a_muted_kind_sends_no_email_but_shows_in_app(milestone, operator, colleague):
    services.set_email_mutes(user=operator, muted_kinds={Kind.MILESTONE_DUE})
    services.run_sweep(today=day(4))  # step 1: the operator and the head
    in_app = Notification.objects.filter(kind=Kind.MILESTONE_DUE)
    assert set(in_app.values_list("recipient_id", flat=True)) == {operator.pk, colleague.pk}
    emailed = Delivery.objects.filter(notification__kind=Kind.MILESTONE_DUE)
    assert list(emailed.values_list("to_email", flat=True)) == [colleague.email]
    # Other kinds still reach the operator by email.
    assert Delivery.objects.filter(
        notification__kind=Kind.REPORT_DUE, to_email=operator.email
    ).exists()


@pytest.mark.django_db
def test_a_user_without_email_gets_in_app_only(milestone, operator):
    silent = OperatorFactory(agency=operator.agency, email="")
    services.run_sweep(today=day(-7))
    assert Notification.objects.filter(recipient=silent, kind=Kind.MILESTONE_DUE).exists()
    assert not Delivery.objects.filter(notification__recipient=silent).exists()


@pytest.mark.django_db
def test_unmuting_again_restores_email(milestone, operator):
    services.set_email_mutes(user=operator, muted_kinds={Kind.MILESTONE_DUE, Kind.REPORT_DUE})
    services.set_email_mutes(user=operator, muted_kinds=set())
    services.run_sweep(today=day(-7))
    assert Delivery.objects.filter(notification__kind=Kind.MILESTONE_DUE).exists()
