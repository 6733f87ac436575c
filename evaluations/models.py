"""Rubrics, reviewer assignments and reviews."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, Round

SCORE_LABELS = {
    1: _("Very poor"),
    2: _("Poor"),
    3: _("Fair"),
    4: _("Good"),
    5: _("Very good"),
}


class Rubric(models.Model):
    """The scoring rubric of one round. Locked once the first review is submitted."""

    round = models.OneToOneField(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="rubric"
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")

    def __str__(self):
        return str(self.round)

    @property
    def is_locked(self):
        return self.locked_at is not None


class Criterion(models.Model):
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("rubric"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("criterion"), max_length=255)
    guidance = models.TextField(_("guidance"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight (%)"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                name="criterion_weight_range", condition=Q(weight__gte=1, weight__lte=100)
            ),
        ]

    def __str__(self):
        return self.name


class Recommendation(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REVISE = "revise", _("Revise")
    REJECT = "reject", _("Reject")


class Assignment(models.Model):
    """A reviewer asked to review one quick win in one review cycle (1, then 2 after a revision…)."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("quick win"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="review_assignments",
    )
    cycle = models.PositiveSmallIntegerField(_("review cycle"), default=1)
    due_date = models.DateField(_("due date"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "reviewer", "cycle"], name="one_assignment_per_reviewer_cycle"
            ),
        ]
        indexes = [models.Index(fields=["reviewer", "due_date"], name="assignment_reviewer_due")]

    def __str__(self):
        return f"{self.reviewer} → {self.initiative}"


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Review(models.Model):
    """A reviewer's scores for one assignment. `total_score` is fixed when submitted."""

    assignment = models.OneToOneField(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="review"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=16, choices=Recommendation.choices, blank=True
    )
    overall_note = models.TextField(_("overall note"), blank=True)
    total_score = models.DecimalField(
        _("weighted score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.CheckConstraint(
                name="submitted_review_is_complete",
                condition=Q(status="draft")
                | (
                    Q(total_score__isnull=False, submitted_at__isnull=False) & ~Q(recommendation="")
                ),
            ),
            models.CheckConstraint(
                name="review_score_range",
                condition=Q(total_score__isnull=True) | Q(total_score__gte=0, total_score__lte=100),
            ),
        ]

    def __str__(self):
        return f"{self.assignment}"


class CriterionScore(models.Model):
    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(name="score_1_to_5", condition=Q(score__gte=1, score__lte=5)),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"
