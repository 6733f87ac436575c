"""Progress and health of a quick win in implementation — computed, never typed.

- progress % = Σ weights of milestones marked done (verified ones are also counted apart);
- planned % today = Σ weights of milestones due on or before today (WITA);
- off track: behind plan by more than 25 points, or a milestone open more than 14 days past its due date;
- at risk: behind plan by more than 10 points;
- on track: otherwise.
Thresholds are strict: exactly 10 points behind is still on track, exactly 25 is at risk,
a milestone 14 days overdue is not yet off track, 15 days is.
"""

import datetime

from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

AT_RISK_POINTS = 10
OFF_TRACK_POINTS = 25
OFF_TRACK_OVERDUE_DAYS = 14


class Health(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")


def progress_annotations(today):
    """Annotations for an Initiative queryset: progress, verified progress, planned, health.

    One query whatever the number of quick wins; `today` is the WITA date. The sums join
    milestones only: combine with other to-many joins through subqueries, not more joins.
    """
    from .models import Milestone

    long_overdue = Milestone.objects.filter(
        initiative=OuterRef("pk"),
        completed_on__isnull=True,
        due_date__lt=today - datetime.timedelta(days=OFF_TRACK_OVERDUE_DAYS),
    )
    zero = Value(0)
    return {
        "progress_pct": Coalesce(
            Sum("milestones__weight", filter=Q(milestones__completed_on__isnull=False)), zero
        ),
        "verified_pct": Coalesce(
            Sum("milestones__weight", filter=Q(milestones__verified_at__isnull=False)), zero
        ),
        "planned_pct": Coalesce(
            Sum("milestones__weight", filter=Q(milestones__due_date__lte=today)), zero
        ),
        "has_long_overdue": Exists(long_overdue),
    }


def health_case():
    """A CASE expression over the annotations above (use after `progress_annotations`)."""
    return Case(
        When(
            Q(has_long_overdue=True) | Q(planned_pct__gt=F("progress_pct") + OFF_TRACK_POINTS),
            then=Value(Health.OFF_TRACK),
        ),
        When(planned_pct__gt=F("progress_pct") + AT_RISK_POINTS, then=Value(Health.AT_RISK)),
        default=Value(Health.ON_TRACK),
        output_field=models.CharField(),
    )


def health_of(*, planned_pct, progress_pct, has_long_overdue):
    """The same rule in Python, for one quick win already loaded."""
    if has_long_overdue or planned_pct - progress_pct > OFF_TRACK_POINTS:
        return Health.OFF_TRACK
    if planned_pct - progress_pct > AT_RISK_POINTS:
        return Health.AT_RISK
    return Health.ON_TRACK
