"""Read-only admin for support staff: reports and evaluations change only through the
monitoring services (their checks, their signals), never by hand."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import AchievementEvaluation, ProgressReport


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "period_start", "percent_complete", "is_late", "submitted_at"]
    list_filter = ["is_late", "initiative__round"]
    list_select_related = ["initiative"]
    search_fields = ["initiative__title"]


@admin.register(AchievementEvaluation)
class AchievementEvaluationAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "score", "evaluated_at"]
    list_select_related = ["initiative"]
    search_fields = ["initiative__title"]
