"""Read-only admin: the dashboard's snapshots and change feed are written by its builder."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import AgencyFigures, RoundChange, RoundSnapshot


@admin.register(RoundSnapshot)
class RoundSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["round", "as_of", "built_at", "changes_seen"]
    exclude = ["data"]


@admin.register(AgencyFigures)
class AgencyFiguresAdmin(ReadOnlyAdmin):
    list_display = ["snapshot", "agency", "proposed", "approved", "mean_score", "mean_progress"]
    list_select_related = ["snapshot__round", "agency"]


@admin.register(RoundChange)
class RoundChangeAdmin(ReadOnlyAdmin):
    list_display = ["id", "round"]
