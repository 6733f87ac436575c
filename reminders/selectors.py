"""Reads of the reminders app, each a fixed number of queries."""

import datetime

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import Delivery, DeliveryStatus, Notification, NotificationPreference


def unread_count(user):
    """The bell's number: one COUNT query on a partial index."""
    return Notification.objects.for_user(user).unread().count()


def notifications_for(user):
    return Notification.objects.for_user(user).order_by("-created_at", "-id")


def muted_kinds(user):
    return set(
        NotificationPreference.objects.filter(user=user, email_muted=True).values_list(
            "kind", flat=True
        )
    )


def delivery_summary(*, days=30):
    """Rows of (day, kind, status, count) for emails queued in the last `days` days (WITA)."""
    since = timezone.now() - datetime.timedelta(days=days)
    return list(
        Delivery.objects.filter(created_at__gte=since)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("day", "notification__kind", "status")
        .annotate(count=Count("id"))
        .order_by("-day", "notification__kind", "status")
    )


def delivery_totals(*, days=30):
    since = timezone.now() - datetime.timedelta(days=days)
    totals = dict(
        Delivery.objects.filter(created_at__gte=since)
        .values_list("status")
        .annotate(count=Count("id"))
        .values_list("status", "count")
    )
    return {status: totals.get(status, 0) for status in DeliveryStatus.values}


def failed_deliveries(*, limit=50):
    """Emails given up on, or still failing (pending with an error), newest first."""
    return (
        Delivery.objects.exclude(last_error="")
        .exclude(status=DeliveryStatus.SENT)
        .select_related("notification__recipient")
        .order_by("-created_at", "-id")[:limit]
    )
