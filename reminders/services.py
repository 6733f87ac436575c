"""Writes of the reminders app: notifications, the email outbox, read marks and mutes."""

import datetime
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User

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
    recipient, step) exists; queue their emails. Returns how many rows were proposed.

    For the immediate notifications (a few rows); the daily sweep writes in SQL (run_sweep).
    Running it twice with the same notifications writes nothing the second time.
    Notifications and their outbox rows commit together: a worker killed in between leaves
    neither, so the next run writes both (the outbox only looks at notifications created by
    this run).
    """
    since = timezone.now()
    with transaction.atomic():
        Notification.objects.bulk_create(notifications, ignore_conflicts=True, batch_size=500)
        queue_emails(since=since)
    return len(notifications)


def queue_emails(*, since):
    """One outbox row per notification created since `since` whose recipient has an email
    and has not muted the kind, in one INSERT … SELECT. Idempotent: ON CONFLICT DO NOTHING
    on the outbox row's unique notification (an index probe per row, so no plan built on
    stale statistics of the just-written tables can make it scan them per row). Returns
    how many rows were queued."""
    quote = connection.ops.quote_name
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    columns = ("notification_id", "to_email", "status", "attempts", "last_error")
    columns += ("next_attempt_at", "created_at")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(Delivery._meta.db_table)} ({', '.join(map(quote, columns))})"
            " SELECT n.id, u.email, %s, 0, '', %s, %s"
            f" FROM {quote(Notification._meta.db_table)} n"
            f" JOIN {quote(User._meta.db_table)} u ON u.id = n.recipient_id"
            " WHERE n.created_at >= %s AND u.email <> ''"
            f" AND NOT EXISTS (SELECT 1 FROM {quote(NotificationPreference._meta.db_table)} p"
            " WHERE p.user_id = n.recipient_id AND p.kind = n.kind AND p.email_muted)"
            f" ON CONFLICT ({quote('notification_id')}) DO NOTHING",  # noqa: S608
            [
                DeliveryStatus.PENDING.value,
                now,
                now,
                connection.ops.adapt_datetimefield_value(since),
            ],
        )
        return max(cursor.rowcount, 0)


def run_sweep(*, today=None):
    """Write every reminder due on `today` (WITA) and queue its emails, in one transaction
    (a worker killed before the commit leaves neither; the next run writes both, once).
    Safe to run any number of times a day: returns how many notifications were new."""
    created_at = timezone.now()
    with transaction.atomic():
        written = sweep_module.write(today, created_at=created_at)
        queue_emails(since=created_at)
    return written


def notify(*, kind, obj, recipients, due_date=None, link="", **ctx):
    """An immediate notification about `obj` to `recipients` (users or ids), with its email
    queued and the outbox flushed after commit. Idempotent per (kind, obj, due date)."""
    today = timezone.localdate()
    due_date = due_date or today
    content_type_id = ContentType.objects.get_for_model(type(obj)).pk
    title, body = texts.render(kind, due_date=due_date, days_overdue=(today - due_date).days, **ctx)
    recipient_ids = dict.fromkeys(getattr(r, "pk", r) for r in recipients)
    count = write_notifications(
        [
            Notification(
                recipient_id=recipient_id,
                kind=kind,
                content_type_id=content_type_id,
                object_id=obj.pk,
                due_date=due_date,
                title=title,
                body=body,
                link=link,
            )
            for recipient_id in recipient_ids
        ]
    )
    enqueue_flush()
    return count


def enqueue_flush():
    """Flush the outbox once the current transaction commits (at once when there is none)."""
    from .tasks import flush_outbox

    transaction.on_commit(flush_outbox.delay)


def notify_decision_waiting(*, initiative_id):
    """Tell the bureau admins at once when the last review of a quick win came in."""
    created_at = timezone.now()
    with transaction.atomic():
        sweep_module.write(
            created_at=created_at,
            collectors=[
                lambda ctx: sweep_module.decision_waiting(ctx, initiative_ids=[initiative_id])
            ],
        )
        queue_emails(since=created_at)
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
