"""Read-only admin for support staff: rubrics, assignments and reviews change only through the
evaluations services (locking, blind review, the audit trail), never by hand."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Assignment, Criterion, CriterionScore, Review, Rubric


class CriterionInline(ReadOnlyInline):
    model = Criterion


@admin.register(Rubric)
class RubricAdmin(ReadOnlyAdmin):
    list_display = ["round", "locked_at"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin):
    list_display = ["name", "rubric", "weight", "order"]
    list_select_related = ["rubric__round"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "reviewer", "cycle", "due_date"]
    list_filter = ["cycle", "initiative__round"]
    list_select_related = ["initiative", "reviewer"]


class CriterionScoreInline(ReadOnlyInline):
    model = CriterionScore
    fields = ["criterion", "score", "note"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "status", "recommendation", "total_score", "submitted_at"]
    list_filter = ["status", "recommendation"]
    list_select_related = ["assignment__initiative", "assignment__reviewer"]
    inlines = [CriterionScoreInline]


@admin.register(CriterionScore)
class CriterionScoreAdmin(ReadOnlyAdmin):
    list_display = ["review", "criterion", "score"]
    list_select_related = ["review__assignment", "criterion"]
