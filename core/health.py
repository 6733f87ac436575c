"""The health of a quick win in implementation — computed, never typed — defined once.

The rule (architecture.md "Implementation and progress"), for a quick win that is approved or
in progress (`workflow.HEALTH_STATUSES`; any other status has no health):

- off track: behind plan by more than 25 points, or a milestone open more than 14 days past
  its due date;
- at risk: behind plan by more than 10 points;
- on track: otherwise.

"Behind plan" is planned % today (Σ weights of milestones due on or before today, WITA) minus
progress % (Σ weights of milestones marked done). Thresholds are strict: exactly 10 points
behind is still on track, exactly 25 is at risk, a milestone 14 days overdue is not yet off
track, 15 days is.

`RULE` below is the only place these thresholds are written. Three readers are derived from
it: `health_of()` evaluates it in Python, `health_case()` builds the ORM expression and
`health_sql()` the SQL CASE of the hand-written rollups; `core/tests/test_health_rule.py` runs
one table of cases through all three.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

from .workflow import HEALTH_STATUSES

AT_RISK_POINTS = 10
OFF_TRACK_POINTS = 25
OFF_TRACK_OVERDUE_DAYS = 14


class Health(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")


@dataclass(frozen=True)
class Condition:
    """Holds when planned − progress exceeds `behind_more_than`, or (if `or_long_overdue`)
    when a milestone is open more than OFF_TRACK_OVERDUE_DAYS past its due date."""

    behind_more_than: int
    or_long_overdue: bool = False


# The first row whose condition holds gives the health; DEFAULT otherwise.
RULE = (
    (Health.OFF_TRACK, Condition(behind_more_than=OFF_TRACK_POINTS, or_long_overdue=True)),
    (Health.AT_RISK, Condition(behind_more_than=AT_RISK_POINTS)),
)
DEFAULT = Health.ON_TRACK

# Worst first: what a board sorted by health shows at the top; no health sorts last.
HEALTH_RANK = {Health.OFF_TRACK: 0, Health.AT_RISK: 1, Health.ON_TRACK: 2}
NO_HEALTH_RANK = 3

# An icon as well as a colour: health is never told by colour alone.
HEALTH_ICONS = {Health.ON_TRACK: "✔", Health.AT_RISK: "⚠", Health.OFF_TRACK: "✖"}


def has_health(status):
    return status in HEALTH_STATUSES


def health_of(*, planned_pct, progress_pct, has_long_overdue, status=None):
    """The rule in Python, for one quick win already loaded. With `status`, a quick win that
    is not being carried out gets None."""
    if status is not None and not has_health(status):
        return None
    behind = planned_pct - progress_pct
    for health, condition in RULE:
        if behind > condition.behind_more_than or (condition.or_long_overdue and has_long_overdue):
            return health
    return DEFAULT


def health_case(
    *,
    planned="planned_pct",
    progress="progress_pct",
    long_overdue="has_long_overdue",
    status=None,
):
    """The rule as an ORM CASE over annotations (or fields) named `planned`, `progress` and
    `long_overdue` (a boolean). With `status` (a field name), other statuses get NULL."""
    whens = []
    if status is not None:
        whens.append(When(~Q(**{f"{status}__in": list(HEALTH_STATUSES)}), then=Value(None)))
    for health, condition in RULE:
        holds = Q(**{f"{planned}__gt": F(progress) + condition.behind_more_than})
        if condition.or_long_overdue:
            holds = Q(**{long_overdue: True}) | holds
        whens.append(When(holds, then=Value(health.value)))
    return Case(*whens, default=Value(DEFAULT.value), output_field=models.CharField(null=True))


def health_sql(*, planned, progress, long_overdue, status=None):
    """(sql, params): the rule as a SQL CASE over SQL expressions `planned`, `progress` and
    `long_overdue` (true when a long-overdue milestone exists, e.g. `x = 1`). With `status`
    (a SQL expression), other statuses get NULL. Plain SQL for SQLite and PostgreSQL."""
    parts, params = ["CASE"], []
    if status is not None:
        placeholders = ", ".join(["%s"] * len(HEALTH_STATUSES))
        parts.append(f"WHEN {status} NOT IN ({placeholders}) THEN NULL")
        params += sorted(str(s) for s in HEALTH_STATUSES)
    for health, condition in RULE:
        holds = f"{planned} > {progress} + %s"
        if condition.or_long_overdue:
            holds = f"({long_overdue}) OR {holds}"
        parts.append(f"WHEN {holds} THEN %s")
        params += [condition.behind_more_than, health.value]
    parts.append("ELSE %s END")
    params.append(DEFAULT.value)
    return " ".join(parts), params


def health_rank(health="health"):
    """A CASE numbering the `health` annotation worst first (HEALTH_RANK), no health last."""
    return Case(
        *(When(**{health: value}, then=Value(rank)) for value, rank in HEALTH_RANK.items()),
        default=Value(NO_HEALTH_RANK),
        output_field=models.IntegerField(),
    )
