from django.contrib import admin

from .models import Delivery, Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "due_date", "step", "created_at", "read_at"]
    list_filter = ["kind", "step"]
    raw_id_fields = ["recipient"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["to_email", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status"]
    raw_id_fields = ["notification"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "email_muted"]
    raw_id_fields = ["user"]
