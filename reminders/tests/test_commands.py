"""send_reminders (with a dry run and a pretend date) and run_reminders for cron setups."""

import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from initiatives.tests.factories import MilestoneFactory
from reminders.kinds import Kind
from reminders.models import Delivery, DeliveryStatus, Notification


@pytest.mark.django_db
def test_the_dry_run_prints_and_writes_nothing(milestone, operator, capsys):
    call_command("send_reminders", "--dry-run", "--now", "2027-03-03T07:00:00+08:00")
    out = capsys.readouterr().out
    assert "milestone_due" in out and "(dry run)" in out
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_send_reminders_sweeps_the_given_wita_day_once(milestone, operator):
    # 23:00 UTC on 2 March is 07:00 WITA on 3 March: seven days before the milestone.
    call_command("send_reminders", "--now", "2027-03-02T23:00:00+00:00")
    call_command("send_reminders", "--now", "2027-03-03")
    reminder = Notification.objects.get(kind=Kind.MILESTONE_DUE)
    assert reminder.lead_days == 7 and reminder.recipient == operator


def test_a_bad_date_is_refused_clearly():
    with pytest.raises(CommandError, match="ISO"):
        call_command("send_reminders", "--now", "tomorrow")


@pytest.mark.django_db
def test_run_reminders_sweeps_and_sends(running, operator, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    MilestoneFactory(
        initiative=running, due_date=timezone.localdate() + datetime.timedelta(days=1), weight=10
    )
    mail.outbox = []
    call_command("run_reminders")
    assert Notification.objects.filter(kind=Kind.MILESTONE_DUE, lead_days=1).exists()
    assert not Delivery.objects.exclude(status=DeliveryStatus.SENT).exists()
    assert len(mail.outbox) == Delivery.objects.count() > 0
