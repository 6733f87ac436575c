"""Progress of a quick win from its action plan, as database annotations.

- progress % = Σ weights of milestones marked done (verified ones are also counted apart);
- planned % today = Σ weights of milestones due on or before today (WITA);
- has_long_overdue = a milestone open more than `core.health.OFF_TRACK_OVERDUE_DAYS` past due;
- health = `core.health`'s rule over those three.
"""

import datetime

from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from core.health import (
    HEALTH_RANK,
    NO_HEALTH_RANK,
    OFF_TRACK_OVERDUE_DAYS,
    Health,
    health_case,
    health_rank,
)
from core.workflow import HEALTH_STATUSES


def long_overdue_since(today):
    """Milestones due before this date and still open make a quick win off track."""
    return today - datetime.timedelta(days=OFF_TRACK_OVERDUE_DAYS)


def progress_annotations(today):
    """Annotations for an Initiative queryset: progress, verified progress, planned, and
    whether a milestone is long overdue.

    One query whatever the number of quick wins; `today` is the WITA date. The sums join
    milestones only: combine with other to-many joins through subqueries, not more joins.
    """
    from .models import Milestone

    long_overdue = Milestone.objects.filter(
        initiative=OuterRef("pk"),
        completed_on__isnull=True,
        due_date__lt=long_overdue_since(today),
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


def milestone_figure(today, name):
    """One of progress_pct, verified_pct, planned_pct, health or health_rank of the outer
    quick win as a correlated subquery over its own milestones (the initiative index), the
    same values as `progress_annotations` + `health_case(status=...)`. No join in the outer query, so
    no GROUP BY over every quick win of a round: what the boards sort and filter on.
    A quick win without milestones gets 0 and on track, as there."""
    from .models import Milestone

    long_overdue = Q(completed_on__isnull=True, due_date__lt=long_overdue_since(today))
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
        field, default = models.CharField(null=True), Value(Health.ON_TRACK.value)
    elif name == "health_rank":
        field, default = models.IntegerField(), Value(HEALTH_RANK[Health.ON_TRACK])
    else:
        field, default = models.IntegerField(), zero
    figure = Coalesce(Subquery(rows, output_field=field), default, output_field=field)
    if name in ("health", "health_rank"):
        # No health outside implementation (core.health), whatever the milestones say.
        none = Value(None) if name == "health" else Value(NO_HEALTH_RANK)
        return Case(
            When(status__in=list(HEALTH_STATUSES), then=figure), default=none, output_field=field
        )
    return figure
