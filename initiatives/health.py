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
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
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


# Worst first: what a board sorted by health shows at the top.
HEALTH_RANK = {Health.OFF_TRACK: 0, Health.AT_RISK: 1, Health.ON_TRACK: 2}


def health_rank(health="health"):
    """A CASE numbering the `health` annotation worst first (HEALTH_RANK)."""
    return Case(
        When(**{health: Health.OFF_TRACK}, then=Value(HEALTH_RANK[Health.OFF_TRACK])),
        When(**{health: Health.AT_RISK}, then=Value(HEALTH_RANK[Health.AT_RISK])),
        default=Value(HEALTH_RANK[Health.ON_TRACK]),
        output_field=models.IntegerField(),
    )


def health_of(*, planned_pct, progress_pct, has_long_overdue):
    """The same rule in Python, for one quick win already loaded."""
    if has_long_overdue or planned_pct - progress_pct > OFF_TRACK_POINTS:
        return Health.OFF_TRACK
    if planned_pct - progress_pct > AT_RISK_POINTS:
        return Health.AT_RISK
    return Health.ON_TRACK


def milestone_figure(today, name):
    """One of progress_pct, verified_pct, planned_pct or health of the outer quick win as a
    correlated subquery over its own milestones (the initiative index), the same values as
    `progress_annotations` + `health_case()`. No join in the outer query, so no GROUP BY
    over every quick win of a round: what the boards sort and filter on (issue 9).
    A quick win without milestones gets 0 and on track, as there."""
    from .models import Milestone

    long_overdue = Q(
        completed_on__isnull=True,
        due_date__lt=today - datetime.timedelta(days=OFF_TRACK_OVERDUE_DAYS),
    )
    zero = Value(0)
    rows = (
        Milestone.objects.filter(initiative=OuterRef("pk"))
        .order_by()
        .values("initiative")
        .annotate(
            progress_pct=Coalesce(Sum("weight", filter=Q(completed_on__isnull=False)), zero),
            verified_pct=Coalesce(Sum("weight", filter=Q(verified_at__isnull=False)), zero),
            planned_pct=Coalesce(Sum("weight", filter=Q(due_date__lte=today)), zero),
            long_overdue_count=Count("pk", filter=long_overdue),
        )
        .annotate(
            has_long_overdue=ExpressionWrapper(
                Q(long_overdue_count__gt=0), output_field=models.BooleanField()
            )
        )
        .annotate(health=health_case())
        .annotate(health_rank=health_rank())
        .values(name)
    )
    if name == "health":
        field, default = models.CharField(), Value(Health.ON_TRACK)
    elif name == "health_rank":
        field, default = models.IntegerField(), Value(HEALTH_RANK[Health.ON_TRACK])
    else:
        field, default = models.IntegerField(), zero
    return Coalesce(Subquery(rows, output_field=field), default, output_field=field)
