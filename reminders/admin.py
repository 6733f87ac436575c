"""Read-only admin for support staff: notifications are written by the sweep and the immediate
notifiers, deliveries by the outbox flush, preferences by their owner on the preferences page."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Delivery, Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["title", "recipient", "kind", "due_date", "step", "created_at", "read_at"]
    list_filter = ["kind", "step"]
    list_select_related = ["recipient"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["to_email", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind", "email_muted"]
    list_select_related = ["user"]
