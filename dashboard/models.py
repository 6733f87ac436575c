"""The leadership dashboard's snapshot: a round's figures computed once, read by every visit.

Aggregating a round of tens of thousands of quick wins takes about a second; the dashboard is
read far more often than the round changes. So the figures are computed by
`snapshots.build()` into `RoundSnapshot` (the round-wide figures, as JSON) and `AgencyFigures`
(one row per agency, so the agency table sorts and pages in SQL), and every write that changes
a figure appends a `RoundChange` row. A snapshot is fresh while no change came after it, the
WITA day is the one it was built for, and it is younger than `DASHBOARD_SNAPSHOT_MAX_AGE`.
See docs/dashboard.md "Snapshot".
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundSnapshot(models.Model):
    round = models.OneToOneField(
        "initiatives.Round",
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="dashboard_snapshot",
    )
    as_of = models.DateField(_("figures as of (WITA)"))
    built_at = models.DateTimeField(_("built at"))
    # The newest RoundChange of the round seen when the build started.
    changes_seen = models.BigIntegerField(_("changes seen"), default=0)
    data = models.JSONField(_("figures"), default=dict)

    class Meta:
        verbose_name = _("dashboard snapshot")
        verbose_name_plural = _("dashboard snapshots")

    def __str__(self):
        return f"{self.round} @ {self.built_at:%Y-%m-%d %H:%M}"


class AgencyFigures(models.Model):
    """One agency's row of the dashboard's agency table in a snapshot."""

    snapshot = models.ForeignKey(
        RoundSnapshot, on_delete=models.CASCADE, related_name="agency_figures"
    )
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    proposed = models.PositiveIntegerField(default=0)
    approved = models.PositiveIntegerField(default=0)
    in_progress = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    on_track = models.PositiveIntegerField(default=0)
    at_risk = models.PositiveIntegerField(default=0)
    off_track = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    missing_reports = models.PositiveIntegerField(default=0)
    n_score = models.PositiveIntegerField(default=0)
    mean_score = models.FloatField(null=True)
    sum_score = models.FloatField(null=True)
    mean_progress = models.FloatField(null=True)
    sum_progress = models.FloatField(null=True)
    last_report = models.DateTimeField(null=True)
    # {change area id: proposed quick wins} for the heat map.
    heat = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "agency"], name="agency_figures_once")
        ]

    def __str__(self):
        return f"{self.snapshot_id}/{self.agency_id}"


class RoundChange(models.Model):
    """Appended by every write that changes a round's figures (insert only: no row is ever
    locked by writers, so marking a change never waits or deadlocks)."""

    id = models.BigAutoField(primary_key=True)
    round = models.ForeignKey(
        "initiatives.Round", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )

    class Meta:
        indexes = [models.Index(fields=["round", "id"], name="round_change_by_round")]

    def __str__(self):
        return f"{self.round_id}#{self.pk}"
