"""Rounds, change areas, quick wins and everything an agency writes about one.

The status workflow (statuses, actions, the allowed map) sits next to the model in
`workflow.py`; `services.transition()` is the only code that changes `Initiative.status`.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency
from core.calendar import ReportCadence
from core.workflow import Status

from .querysets import InitiativeQuerySet, RoundQuerySet


class ChangeArea(models.Model):
    """One of the eight change areas (area perubahan) of the RB road map."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)

    class Meta:
        verbose_name = _("change area")
        verbose_name_plural = _("change areas")
        ordering = ["number"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_en if translation.get_language() == "en" else self.name_id


class RBTematik(models.TextChoices):
    POVERTY = "poverty", _("Poverty reduction")
    INVESTMENT = "investment", _("Investment")
    DIGITAL_GOVERNMENT = "digital_government", _("Digital government administration")
    PRESIDENTIAL_PRIORITY = "presidential_priority", _("Current presidential priorities")


class Round(models.Model):
    """A yearly quick-win round (periode). All its dates are end-of-day WITA deadlines."""

    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    submission_opens = models.DateField(_("submission opens"))
    submission_closes = models.DateField(_("submission closes"))
    review_deadline = models.DateField(_("review deadline"))
    implementation_start = models.DateField(_("implementation start"))
    implementation_end = models.DateField(_("implementation end"))
    report_cadence = models.CharField(
        _("progress report cadence"),
        max_length=16,
        choices=ReportCadence.choices,
        default=ReportCadence.MONTHLY,
    )
    report_due_day = models.PositiveSmallIntegerField(
        _("report due day of month"),
        default=10,
        help_text=_("Reports for a period are due on this day of the following month (1–28)."),
    )
    max_initiatives_per_agency = models.PositiveSmallIntegerField(
        _("maximum quick wins per agency"), default=5
    )
    min_reviews_for_decision = models.PositiveSmallIntegerField(
        _("minimum submitted reviews before a decision"), default=1
    )
    first_grace_days = models.PositiveSmallIntegerField(
        _("days overdue before escalating to the agency head"), default=3
    )
    second_grace_days = models.PositiveSmallIntegerField(
        _("days overdue before escalating to the bureau admins"), default=7
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-submission_opens", "-id"]
        constraints = [
            models.CheckConstraint(
                name="round_submission_window_ordered",
                condition=Q(submission_opens__lte=models.F("submission_closes")),
            ),
            models.CheckConstraint(
                name="round_review_after_submission",
                condition=Q(review_deadline__gte=models.F("submission_closes")),
            ),
            models.CheckConstraint(
                name="round_implementation_ordered",
                condition=Q(implementation_start__lte=models.F("implementation_end")),
            ),
            models.CheckConstraint(
                name="round_report_due_day_valid",
                condition=Q(report_due_day__gte=1, report_due_day__lte=28),
            ),
            models.CheckConstraint(
                name="round_max_initiatives_positive",
                condition=Q(max_initiatives_per_agency__gte=1),
            ),
        ]

    def __str__(self):
        return self.name

    def is_submission_open(self, today=None):
        today = today or timezone.localdate()
        return self.submission_opens <= today <= self.submission_closes


class Initiative(models.Model):
    """A quick win proposed by one agency in one round."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="initiatives"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="initiatives"
    )
    title = models.CharField(_("quick win title"), max_length=255)
    change_area = models.ForeignKey(
        ChangeArea,
        verbose_name=_("primary change area"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    related_areas = models.ManyToManyField(
        ChangeArea, verbose_name=_("related change areas"), blank=True, related_name="+"
    )
    rb_tematik = models.CharField(
        _("RB Tematik theme"), max_length=32, choices=RBTematik.choices, blank=True
    )
    problem = models.TextField(_("problem"), blank=True)
    root_cause = models.TextField(_("root cause"), blank=True)
    objective = models.TextField(_("objective"), blank=True)
    output = models.TextField(_("expected output"), blank=True)
    outcome = models.TextField(_("outcome / benefit"), blank=True)
    beneficiaries = models.TextField(_("beneficiaries"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    pic_name = models.CharField(_("person in charge"), max_length=255, blank=True)
    pic_position = models.CharField(_("position of person in charge"), max_length=255, blank=True)
    budget = models.PositiveBigIntegerField(
        _("budget (rupiah)"), null=True, blank=True, help_text=_("Whole rupiah; 0 is allowed.")
    )
    budget_source = models.CharField(_("budget source"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    final_summary = models.TextField(_("final summary"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("quick win")
        verbose_name_plural = _("quick wins")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The boards cut their page from the ids of a round's quick wins in some
            # statuses, sorted by agency and title: on PostgreSQL an index-only scan
            # instead of reading thousands of wide rows (SQLite drops `include`).
            models.Index(
                fields=["round", "status"],
                include=["agency", "title", "id"],
                name="initiative_round_status_cover",
            ),
            models.Index(fields=["agency", "round"], name="initiative_agency_round"),
            # The lists' default order (newest first), unfiltered and per round and status:
            # page 1 reads 20 index entries instead of sorting every quick win.
            models.Index(fields=["-created_at", "-id"], name="initiative_newest_first"),
            models.Index(
                fields=["round", "status", "-created_at", "-id"],
                name="initiative_round_status_newest",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="initiative_dates_ordered",
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(start_date__lte=models.F("end_date")),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("initiatives:detail", args=[self.pk])

    @property
    def is_editable_status(self):
        return self.status in (Status.DRAFT, Status.REVISION)


class IndicatorDirection(models.TextChoices):
    HIGHER_IS_BETTER = "higher", _("Higher is better")
    LOWER_IS_BETTER = "lower", _("Lower is better")


class Indicator(models.Model):
    """A success indicator (indikator keberhasilan) with its baseline and target."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("quick win"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("indicator"), max_length=255)
    unit = models.CharField(_("unit"), max_length=64)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    direction = models.CharField(
        _("direction"),
        max_length=8,
        choices=IndicatorDirection.choices,
        default=IndicatorDirection.HIGHER_IS_BETTER,
    )
    actual = models.DecimalField(
        _("actual value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class Milestone(models.Model):
    """A step of the action plan (rencana aksi) with a due date and a weight out of 100."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("quick win"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=255)
    due_date = models.DateField(_("due date"))
    weight = models.PositiveSmallIntegerField(_("weight (%)"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Implementation (filled in once the quick win is approved).
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completion_note = models.TextField(_("completion note"), blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_back_reason = models.TextField(_("reason sent back"), blank=True)
    sent_back_at = models.DateTimeField(_("sent back at"), null=True, blank=True)
    sent_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent back by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "order", "id"]
        indexes = [models.Index(fields=["due_date"], name="milestone_due_date")]
        constraints = [
            models.CheckConstraint(
                name="milestone_weight_range", condition=Q(weight__gte=1, weight__lte=100)
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_done(self):
        return self.completed_on is not None


class StatusChange(models.Model):
    """One step of a quick win's workflow: who moved it, from what, to what, when, why."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("quick win"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    action = models.CharField(_("action"), max_length=32)
    from_status = models.CharField(_("from"), max_length=16, choices=Status.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    # Taken by the product itself (no actor), e.g. a resubmission going back to its reviewers.
    is_automatic = models.BooleanField(_("automatic"), default=False)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["initiative", "created_at"], name="statuschange_initiative_time")
        ]

    def __str__(self):
        return f"{self.initiative_id}: {self.from_status} → {self.to_status}"


class Comment(models.Model):
    """A plain comment thread between the agency and the bureau on one quick win."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("quick win"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.body[:50]


def evidence_upload_to(instance, filename):
    """A random stored name; the original name is only kept for display."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class EvidenceKind(models.TextChoices):
    PROPOSAL = "proposal", _("Supporting document")
    MILESTONE = "milestone", _("Milestone evidence")
    REPORT = "report", _("Progress report evidence")
    COMPLETION = "completion", _("Completion evidence")


class Evidence(models.Model):
    """A file (data dukung) attached to a quick win, optionally to one milestone (a progress
    report's files are linked from the report: `monitoring.ProgressReport.evidence`)."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("quick win"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=EvidenceKind.choices, default=EvidenceKind.PROPOSAL
    )
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("milestone"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=128)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name
