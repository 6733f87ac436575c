"""The health rule is written once (core.health.RULE); its three readers must agree.

One table of cases, each evaluated by `health_of()` in Python, by `health_case()` in an ORM
query and by `health_sql()` in raw SQL, on the real database.
"""

import pytest
from django.db import connection
from django.db.models import BooleanField, IntegerField, Value

from core.health import (
    AT_RISK_POINTS,
    OFF_TRACK_POINTS,
    Health,
    health_case,
    health_of,
    health_sql,
)
from core.workflow import HEALTH_STATUSES, Status
from initiatives.models import ChangeArea

# (planned %, progress %, a milestone long overdue, status, expected health)
CASES = [
    (0, 0, False, Status.IN_PROGRESS, Health.ON_TRACK),
    (AT_RISK_POINTS, 0, False, Status.IN_PROGRESS, Health.ON_TRACK),  # exactly 10 behind
    (AT_RISK_POINTS + 1, 0, False, Status.IN_PROGRESS, Health.AT_RISK),
    (60, 60 - AT_RISK_POINTS - 1, False, Status.APPROVED, Health.AT_RISK),
    (OFF_TRACK_POINTS, 0, False, Status.IN_PROGRESS, Health.AT_RISK),  # exactly 25 behind
    (OFF_TRACK_POINTS + 1, 0, False, Status.IN_PROGRESS, Health.OFF_TRACK),
    (100, 0, False, Status.APPROVED, Health.OFF_TRACK),
    (0, 0, True, Status.IN_PROGRESS, Health.OFF_TRACK),  # long overdue alone
    (50, 50, True, Status.APPROVED, Health.OFF_TRACK),
    (30, 100, False, Status.IN_PROGRESS, Health.ON_TRACK),  # ahead of plan
    (100, 0, True, Status.COMPLETED, None),  # no health outside implementation
    (100, 0, True, Status.DRAFT, None),
    (0, 0, False, Status.CANCELLED, None),
]


@pytest.mark.parametrize(("planned", "progress", "long_overdue", "status", "expected"), CASES)
def test_python_reads_the_rule(planned, progress, long_overdue, status, expected):
    assert (
        health_of(
            planned_pct=planned,
            progress_pct=progress,
            has_long_overdue=long_overdue,
            status=status,
        )
        == expected
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("planned", "progress", "long_overdue", "status", "expected"), CASES)
def test_the_orm_expression_reads_the_rule(planned, progress, long_overdue, status, expected):
    row = (
        ChangeArea.objects.annotate(
            planned_pct=Value(planned, output_field=IntegerField()),
            progress_pct=Value(progress, output_field=IntegerField()),
            has_long_overdue=Value(long_overdue, output_field=BooleanField()),
            quick_win_status=Value(str(status)),
        )
        .annotate(health=health_case(status="quick_win_status"))
        .values_list("health", flat=True)
        .first()
    )
    assert row == (expected.value if expected else None)


@pytest.mark.django_db
@pytest.mark.parametrize(("planned", "progress", "long_overdue", "status", "expected"), CASES)
def test_the_sql_case_reads_the_rule(planned, progress, long_overdue, status, expected):
    # The inputs are literals standing in for the rollup's column expressions.
    sql, params = health_sql(
        planned=str(int(planned)),
        progress=str(int(progress)),
        long_overdue="1 = 1" if long_overdue else "1 = 0",
        status=f"'{status.value}'",
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}", params)
        (health,) = cursor.fetchone()
    assert health == (expected.value if expected else None)


def test_every_case_of_the_table_is_a_distinct_situation():
    # The table covers each health and the no-health statuses, so a reader that ignored
    # one branch of the rule would fail at least one case.
    outcomes = {expected for *_inputs, expected in CASES}
    assert outcomes == {Health.ON_TRACK, Health.AT_RISK, Health.OFF_TRACK, None}
    assert {status for *_x, status, _e in CASES} - set(HEALTH_STATUSES)
