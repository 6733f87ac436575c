"""The weekly briefing email: one per leadership user and week, PDF attached, muteable."""

import datetime
import io
import socket

from celery.schedules import crontab
from django.utils import timezone
from pypdf import PdfReader

from accounts.tests.factories import LeaderFactory, OperatorFactory
from dashboard import tasks
from dashboard.services import send_weekly_briefing
from initiatives.tests.factories import RoundFactory
from quickwin.celery import app
from reminders import services as reminders
from reminders.kinds import Kind
from reminders.models import Delivery, DeliveryStatus, Notification


def briefing_notifications():
    return Notification.objects.filter(kind=Kind.WEEKLY_BRIEFING)


def attached_pdf_text(message):
    [(filename, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf" and filename.endswith(".pdf")
    assert content.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_it_emails_each_leader_once_a_week_with_the_pdf(known_round, leader, mailoutbox):
    second = LeaderFactory()
    OperatorFactory()  # not leadership: nothing
    LeaderFactory(is_active=False)  # left: nothing

    tasks.send_weekly_briefing()
    tasks.send_weekly_briefing()  # the same week again: nothing more

    assert sorted(m.to[0] for m in mailoutbox) == sorted([leader.email, second.email])
    message = mailoutbox[0]
    round_name = known_round["round"].name
    assert round_name in message.subject and "Bahan paparan mingguan" in message.subject
    text = attached_pdf_text(message)
    assert round_name in text and "Angka utama" in text
    assert set(briefing_notifications().values_list("recipient", flat=True)) == {
        leader.pk,
        second.pk,
    }
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_it_skips_the_email_of_a_leader_who_muted_it(known_round, leader, mailoutbox):
    reminders.set_email_mutes(user=leader, muted_kinds={Kind.WEEKLY_BRIEFING})
    no_address = LeaderFactory(email="")

    assert send_weekly_briefing() == {"notified": 2, "sent": 0, "failed": 0}

    assert mailoutbox == []
    # The in-app notification always appears, linking to the PDF.
    mine = briefing_notifications().get(recipient=leader)
    assert mine.link.startswith("/dasbor/unduh/pdf/?round=")
    assert briefing_notifications().filter(recipient=no_address).exists()
    assert not Delivery.objects.exists()


def test_it_sends_again_the_next_week(known_round, leader, mailoutbox):
    monday = timezone.localtime().replace(hour=7, minute=0)
    monday -= datetime.timedelta(days=monday.weekday())
    send_weekly_briefing(now=monday)
    send_weekly_briefing(now=monday + datetime.timedelta(days=6))  # Sunday: same ISO week
    send_weekly_briefing(now=monday + datetime.timedelta(days=7))
    assert len(mailoutbox) == 2
    assert briefing_notifications().count() == 2


def test_it_sends_once_a_week_even_when_the_current_round_changes(known_round, leader, mailoutbox):
    send_weekly_briefing()
    newer = RoundFactory(
        submission_opens=known_round["round"].submission_opens + datetime.timedelta(days=1)
    )
    send_weekly_briefing()
    assert len(mailoutbox) == 1
    assert briefing_notifications().get().object_id != newer.pk


def test_it_records_a_failed_send_in_the_delivery_log(known_round, leader, settings):
    with socket.socket() as probe:  # a closed local port: the SMTP connection is refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False

    assert send_weekly_briefing() == {"notified": 1, "sent": 0, "failed": 1}

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and delivery.last_error
    # The plain outbox never resends it without its attachment.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders.flush_outbox() == (0, 0)


def test_it_does_nothing_without_a_round(leader, mailoutbox):
    assert send_weekly_briefing() == {"notified": 0, "sent": 0, "failed": 0}
    assert mailoutbox == []


def test_it_is_scheduled_on_mondays_at_seven_wita(settings):
    entry = app.conf.beat_schedule["dashboard-weekly-briefing"]
    assert entry["task"] == "dashboard.send_weekly_briefing"
    assert entry["schedule"] == crontab(hour=7, minute=0, day_of_week="mon")
    assert settings.CELERY_TIMEZONE == "Asia/Makassar"
    assert "dashboard.send_weekly_briefing" in app.tasks
