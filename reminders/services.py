"""Writes of the reminders app: notifications, the email outbox, read marks and mutes."""

import datetime
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import sweep as sweep_module
from . import texts
from .kinds import Kind
from .models import Delivery, DeliveryStatus, Notification, NotificationPreference

logger = logging.getLogger(__name__)

# A claimed row whose sender died is retried after this long (at-least-once after a crash
# mid-send; never twice within the timeout).
CLAIM_TIMEOUT = datetime.timedelta(minutes=15)
RETRY_BASE = datetime.timedelta(minutes=5)
MAX_ATTEMPTS = 6  # 5 + 10 + 20 + 40 + 80 minutes of retries, then give up (delivery log)


def write_notifications(notifications):
    """Insert notifications, skipping any whose key (kind, object, due date, lead days,
    recipient, step) exists; queue their emails. Returns how many rows the sweep proposed.

    Guarantees: running it twice with the same notifications writes nothing the second time;
    a fixed number of queries per 500 rows. Notifications and their outbox rows commit
    together: a worker killed in between leaves neither, so the next run writes both (the
    outbox only looks at notifications created by this run).
    """
    since = timezone.now()
    with transaction.atomic():
        Notification.objects.bulk_create(notifications, ignore_conflicts=True, batch_size=500)
        queue_emails(since=since)
    return len(notifications)


def queue_emails(*, since):
    """One outbox row per notification created since `since` whose recipient has an email
    and has not muted the kind. Idempotent (one delivery per notification at most)."""
    muted = NotificationPreference.objects.filter(
        user=OuterRef("recipient"), kind=OuterRef("kind"), email_muted=True
    )
    candidates = (
        Notification.objects.filter(created_at__gte=since, delivery__isnull=True)
        .exclude(recipient__email="")
        .exclude(Exists(muted))
        .values_list("id", "recipient__email")
    )
    Delivery.objects.bulk_create(
        [Delivery(notification_id=pk, to_email=email) for pk, email in candidates],
        ignore_conflicts=True,
        batch_size=500,
    )


def run_sweep(*, today=None):
    """Write every reminder due on `today` (WITA). Safe to run any number of times a day."""
    return write_notifications(sweep_module.collect(today))


def notify(*, kind, obj, recipients, due_date=None, link="", **ctx):
    """An immediate notification about `obj` to `recipients` (users or ids), with its email
    queued and the outbox flushed after commit. Idempotent per (kind, obj, due date)."""
    today = timezone.localdate()
    due_date = due_date or today
    draft = sweep_module.Sweep(today=today, audience=None)
    recipient_ids = [getattr(r, "pk", r) for r in recipients]
    draft.add(kind, type(obj), obj.pk, due_date, recipient_ids, link=link, **ctx)
    count = write_notifications(draft.notifications)
    enqueue_flush()
    return count


def enqueue_flush():
    """Flush the outbox once the current transaction commits (at once when there is none)."""
    from .tasks import flush_outbox

    transaction.on_commit(flush_outbox.delay)


def notify_decision_waiting(*, initiative_id):
    """Tell the bureau admins at once when the last review of a quick win came in."""
    draft = sweep_module.Sweep(today=timezone.localdate(), audience=sweep_module.Audience.load())
    sweep_module.decision_waiting(draft, initiative_ids=[initiative_id])
    write_notifications(draft.notifications)
    enqueue_flush()


# --- The outbox -------------------------------------------------------------------------


def _claimable(now):
    return Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
    )


def claim(*, delivery_id, now=None):
    """Take one outbox row for sending with a conditional UPDATE. True for exactly one of
    any number of concurrent callers; False when it is sent, claimed or not yet due."""
    now = now or timezone.now()
    return (
        Delivery.objects.filter(_claimable(now), pk=delivery_id).update(
            status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
        == 1
    )


def _message(delivery, connection):
    notification = delivery.notification
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "notification": notification,
            "url": settings.SITE_URL.rstrip("/") + (notification.link or "/"),
            "settings_url": settings.SITE_URL.rstrip("/") + texts.settings_link(),
        }
        text = render_to_string("reminders/email/notification.txt", context)
        html = render_to_string("reminders/email/notification.html", context)
    # One Message-ID per outbox row: the one email a killed sender may resend (see
    # flush_outbox) carries the same id, so mail servers and clients can drop the copy.
    domain = urlsplit(settings.SITE_URL).hostname or "quickwin.local"
    # One line: a title typed with a line break would make the header invalid and the email
    # unsendable (Django refuses newlines in headers).
    subject = " ".join(f"[Quick Win] {notification.title}".split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[delivery.to_email],
        connection=connection,
        headers={"Message-ID": f"<qw-delivery-{delivery.pk}@{domain}>"},
    )
    message.attach_alternative(html, "text/html")
    return message


def flush_outbox(*, now=None, limit=200):
    """Send every due outbox email once. Each row is claimed before sending, so parallel
    flushes never send one twice; a failed send goes back to pending with the error and a
    later retry time (exponential back-off), and is given up after MAX_ATTEMPTS (shown in
    the delivery log). Returns (sent, failed).

    A sender killed after its email left but before the row was marked sent cannot be told
    apart from one killed before sending: that one row is sent again after CLAIM_TIMEOUT
    (at-least-once at that instant, at most one email per killed sender, same Message-ID);
    every other row is sent exactly once (tests/test_worker_faults.py)."""
    now = now or timezone.now()
    due_ids = list(
        Delivery.objects.filter(_claimable(now))
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    sent = failed = 0
    connection = None
    for delivery_id in due_ids:
        if not claim(delivery_id=delivery_id, now=now):
            continue
        delivery = Delivery.objects.select_related("notification").get(pk=delivery_id)
        try:
            connection = connection or get_connection()
            _message(delivery, connection).send()
        except Exception as exc:  # any transport error: keep the row, retry later
            failed += 1
            logger.warning("Email %s to %s failed: %s", delivery_id, delivery.to_email, exc)
            gave_up = delivery.attempts >= MAX_ATTEMPTS
            Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.SENDING).update(
                status=DeliveryStatus.FAILED if gave_up else DeliveryStatus.PENDING,
                last_error=f"{type(exc).__name__}: {exc}"[:2000],
                next_attempt_at=now + RETRY_BASE * 2 ** (delivery.attempts - 1),
                claimed_at=None,
            )
            connection = None
        else:
            sent += 1
            Delivery.objects.filter(pk=delivery_id).update(
                status=DeliveryStatus.SENT, sent_at=timezone.now(), claimed_at=None
            )
    return sent, failed


# --- Reading and preferences --------------------------------------------------------------


def mark_read(*, user, notification_id):
    """Mark one of the user's notifications read (others' ids change nothing)."""
    return (
        Notification.objects.for_user(user)
        .unread()
        .filter(pk=notification_id)
        .update(read_at=timezone.now())
    )


def mark_all_read(*, user):
    """Mark every unread notification of the user read; returns how many."""
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


def set_email_mutes(*, user, muted_kinds):
    """Make exactly `muted_kinds` the kinds whose email the user does not want."""
    muted_kinds = {Kind(k) for k in muted_kinds}
    with transaction.atomic():
        NotificationPreference.objects.filter(user=user).exclude(kind__in=muted_kinds).delete()
        NotificationPreference.objects.bulk_create(
            [NotificationPreference(user=user, kind=k, email_muted=True) for k in muted_kinds],
            update_conflicts=True,
            unique_fields=["user", "kind"],
            update_fields=["email_muted"],
        )


__all__ = ["claim", "flush_outbox", "notify", "run_sweep"]
