"""Read-only admin for support staff: rounds change through the round form (audited), quick
wins through the proposal pages and `transition()`."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    ChangeArea,
    Comment,
    Evidence,
    Indicator,
    Initiative,
    Milestone,
    Round,
    StatusChange,
)


@admin.register(ChangeArea)
class ChangeAreaAdmin(ReadOnlyAdmin):
    list_display = ["number", "code", "name_id", "name_en"]


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["name", "year", "submission_opens", "submission_closes", "implementation_end"]


class IndicatorInline(ReadOnlyInline):
    model = Indicator


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ["title", "due_date", "weight", "completed_on", "verified_at"]


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ["created_at", "action", "from_status", "to_status", "actor", "is_automatic"]


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyAdmin):
    list_display = ["title", "agency", "round", "status", "created_at"]
    list_filter = ["status", "round", "change_area"]
    list_select_related = ["agency", "round"]
    search_fields = ["title", "agency__abbreviation", "agency__name"]
    inlines = [IndicatorInline, MilestoneInline, StatusChangeInline]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["name", "initiative", "baseline", "target", "actual"]
    list_select_related = ["initiative"]
    search_fields = ["name", "initiative__title"]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ["title", "initiative", "due_date", "weight", "completed_on", "verified_at"]
    list_select_related = ["initiative"]
    search_fields = ["title", "initiative__title"]


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "initiative", "action", "from_status", "to_status", "actor"]
    list_filter = ["action", "to_status", "is_automatic"]
    list_select_related = ["initiative", "actor"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "initiative", "author"]
    list_select_related = ["initiative", "author"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    """Metadata only: the files themselves are served through the permission-checked view."""

    list_display = ["original_name", "initiative", "kind", "size", "uploaded_at"]
    list_filter = ["kind"]
    list_select_related = ["initiative"]
    exclude = ["file"]
