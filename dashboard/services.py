"""Writes of the dashboard app: the weekly briefing email (every page here only reads).

The reminders outbox sends the text of a notification and cannot carry an attachment, so
the weekly briefing is sent here, with the outbox's guarantees kept:

- one per leadership user and ISO week: the in-app `Notification` (kind "weekly_briefing",
  object = the round, due date = the Monday of the week) is the claim. It is inserted before
  the email is sent; the unique key makes exactly one of any number of concurrent runs the
  sender, and a user who already has this week's briefing (of any round) is skipped;
- the email is recorded as a `Delivery` row (sent, or failed with the error), so the bureau's
  delivery log shows it. The row is written as "sending" first: a worker that dies mid-send
  leaves it claimed, and the outbox's flush retries it after its claim timeout as an ordinary
  notification email (link, no attachment) — at least once, never silently lost;
- email muted for the kind, or no address: the in-app notification only.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from initiatives.models import Round
from reminders import texts
from reminders.kinds import Kind
from reminders.models import Delivery, DeliveryStatus, Notification, NotificationPreference

from .briefing_pdf import briefing_pdf, briefing_pdf_filename

logger = logging.getLogger(__name__)

KIND = Kind.WEEKLY_BRIEFING


def week_key(day):
    """The Monday of `day`'s ISO week: the due date that makes the briefing weekly."""
    return day - datetime.timedelta(days=day.weekday())


def _leaders_without_this_weeks_briefing(week):
    already = Notification.objects.filter(recipient=OuterRef("pk"), kind=KIND, due_date=week)
    muted = NotificationPreference.objects.filter(user=OuterRef("pk"), kind=KIND, email_muted=True)
    return list(
        User.objects.filter(is_active=True, is_leadership=True)
        .exclude(Exists(already))
        .annotate(email_muted=Exists(muted))
        .order_by("pk")
    )


def _claim(*, user, round_, week, title, body, link):
    """The user's notification for this week, inserted now; None when another run has it."""
    try:
        with transaction.atomic():
            return Notification.objects.create(
                recipient=user,
                kind=KIND,
                content_type=ContentType.objects.get_for_model(Round),
                object_id=round_.pk,
                due_date=week,
                lead_days=0,
                title=title[:300],
                body=body,
                link=link,
            )
    except IntegrityError:
        return None


def _email(notification, *, pdf, filename, connection):
    context = {
        "notification": notification,
        "url": settings.SITE_URL.rstrip("/") + notification.link,
        "settings_url": settings.SITE_URL.rstrip("/") + texts.settings_link(),
    }
    message = EmailMultiAlternatives(
        subject=f"[Quick Win] {notification.title}",
        body=render_to_string("reminders/email/notification.txt", context),
        to=[notification.recipient.email],
        connection=connection,
    )
    message.attach_alternative(
        render_to_string("reminders/email/notification.html", context), "text/html"
    )
    message.attach(filename, pdf, "application/pdf")
    return message


def _send(notification, *, pdf, filename, connection):
    """Record the email as claimed, send it, mark it sent or failed. True when sent."""
    delivery = Delivery.objects.create(
        notification=notification,
        to_email=notification.recipient.email,
        status=DeliveryStatus.SENDING,
        claimed_at=timezone.now(),
        attempts=1,
    )
    try:
        _email(notification, pdf=pdf, filename=filename, connection=connection).send()
    except Exception as exc:  # any transport error: logged and shown in the delivery log
        logger.warning("Weekly briefing to %s failed: %s", delivery.to_email, exc)
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            claimed_at=None,
        )
        return False
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), claimed_at=None
    )
    return True


def send_weekly_briefing(*, now=None):
    """Email the current round's PDF briefing to every active leadership user with an email
    address who has not muted the kind, and notify every active leadership user in the app.

    Guarantees: at most one briefing per user and ISO week, however often (or concurrently)
    it runs; the PDF is built once per run and only when someone gets it by email; nothing
    happens when there is no round. Returns counts: notified, sent, failed.
    """
    now = timezone.localtime(now)
    today = now.date()
    counts = {"notified": 0, "sent": 0, "failed": 0}
    round_ = Round.objects.current()
    if round_ is None:
        return counts
    week = week_key(today)
    link = reverse("dashboard:briefing_pdf") + f"?round={round_.pk}"
    filename = briefing_pdf_filename(round_, today)
    pdf = connection = None
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Weekly briefing: %(round)s") % {"round": round_.name}
        body = _(
            "The leadership briefing of %(date)s as a PDF file: headline figures, change "
            "areas, agencies needing attention first and overdue milestones."
        ) % {"date": date_format(today, "j F Y")}
        for user in _leaders_without_this_weeks_briefing(week):
            notification = _claim(
                user=user, round_=round_, week=week, title=title, body=body, link=link
            )
            if notification is None:  # another run got there first
                continue
            counts["notified"] += 1
            if not user.email or user.email_muted:
                continue
            if pdf is None:
                pdf = briefing_pdf(round_, today, now=now)
            connection = connection or get_connection()
            sent = _send(notification, pdf=pdf, filename=filename, connection=connection)
            counts["sent" if sent else "failed"] += 1
            if not sent:
                connection = None  # a fresh connection for the next recipient
    return counts


# --- the dashboard snapshot ----------------------------------------------------------------


def refresh_snapshot(round_id):
    """Rebuild the round's snapshot if it is stale. Returns True when it was rebuilt."""
    from . import snapshots

    round_ = Round.objects.filter(pk=round_id).first()
    if round_ is None:
        return False
    before = (
        snapshots.RoundSnapshot.objects.filter(round=round_)
        .values_list("built_at", flat=True)
        .first()
    )
    snapshot = snapshots.build(round_, timezone.localdate())
    return snapshot.built_at != before


def refresh_snapshots():
    """Rebuild every stale snapshot (rounds nobody opened on the dashboard have none)."""
    from . import snapshots

    round_ids = snapshots.RoundSnapshot.objects.values_list("round_id", flat=True)
    return sum(refresh_snapshot(round_id) for round_id in round_ids)
