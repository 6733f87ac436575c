"""Read-mostly admin for support staff; the bureau works through the app's own pages."""

from django.contrib import admin

from .models import Assignment, Criterion, CriterionScore, Review, Rubric


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["round", "locked_at"]
    inlines = [CriterionInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["initiative", "reviewer", "cycle", "due_date"]
    list_filter = ["cycle", "initiative__round"]
    list_select_related = ["initiative", "reviewer"]
    raw_id_fields = ["initiative", "reviewer", "assigned_by"]


class CriterionScoreInline(admin.TabularInline):
    model = CriterionScore
    extra = 0
    readonly_fields = ["criterion", "score", "note"]
    can_delete = False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["assignment", "status", "recommendation", "total_score", "submitted_at"]
    list_filter = ["status", "recommendation"]
    list_select_related = ["assignment__initiative", "assignment__reviewer"]
    readonly_fields = ["status", "total_score", "submitted_at"]
    raw_id_fields = ["assignment"]
    inlines = [CriterionScoreInline]
