"""What monitoring adds to a quick win: progress reports and the final achievement evaluation.

Milestones (the action plan) belong to the proposal and stay in `initiatives`; monitoring
fills in their completion and verification through its services. Both models kept the tables
they had before monitoring was its own app (see migrations/0001).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative


class ProgressReport(models.Model):
    """A periodic progress report (laporan kemajuan); one per quick win per period."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("quick win"),
        on_delete=models.CASCADE,
        related_name="progress_reports",
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    due_date = models.DateField(_("due date"))
    percent_complete = models.PositiveSmallIntegerField(_("percent complete"))
    achievements = models.TextField(_("what was achieved"))
    obstacles = models.TextField(_("obstacles (kendala)"), blank=True)
    follow_up = models.TextField(_("follow-up (tindak lanjut)"), blank=True)
    decrease_explanation = models.TextField(_("why progress went down"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    is_late = models.BooleanField(_("late"), default=False)
    read_at = models.DateTimeField(_("read by the bureau at"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("read by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    evidence = models.ManyToManyField(
        "initiatives.Evidence",
        verbose_name=_("evidence files"),
        blank=True,
        related_name="reports",
        db_table="monitoring_report_evidence",
    )

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        db_table = "initiatives_progressreport"  # the table from before monitoring was an app
        ordering = ["-period_start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "period_start"], name="one_report_per_initiative_period"
            ),
            models.CheckConstraint(
                name="report_percent_range", condition=Q(percent_complete__lte=100)
            ),
        ]

    def __str__(self):
        return f"{self.initiative} · {self.period_start:%Y-%m}"


class AchievementEvaluation(models.Model):
    """The bureau's final evaluation of what a completed quick win achieved."""

    initiative = models.OneToOneField(
        Initiative,
        verbose_name=_("quick win"),
        on_delete=models.CASCADE,
        related_name="achievement_evaluation",
    )
    score = models.DecimalField(_("achievement score"), max_digits=5, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluated by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    evaluated_at = models.DateTimeField(_("evaluated at"), auto_now_add=True)

    class Meta:
        db_table = "evaluations_achievementevaluation"  # from before monitoring was an app
        verbose_name = _("achievement evaluation")
        verbose_name_plural = _("achievement evaluations")
        constraints = [
            models.CheckConstraint(
                name="achievement_score_range", condition=Q(score__gte=0, score__lte=100)
            ),
        ]

    def __str__(self):
        return f"{self.initiative}: {self.score}"
