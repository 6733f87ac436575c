import datetime

import pytest

from core.health import Health
from core.workflow import Status
from initiatives.models import Initiative
from initiatives.tests.factories import InitiativeFactory, MilestoneFactory


def _with_milestones(*specs, today):
    """specs: (weight, due offset in days from today, done?)"""
    initiative = InitiativeFactory(status=Status.IN_PROGRESS)
    for weight, offset, done in specs:
        MilestoneFactory(
            initiative=initiative,
            weight=weight,
            due_date=today + datetime.timedelta(days=offset),
            completed_on=today if done else None,
        )
    return Initiative.objects.with_progress(today).get(pk=initiative.pk)


TODAY = datetime.date(2027, 6, 15)


@pytest.mark.parametrize(
    ("specs", "health"),
    [
        # exactly 10 points behind: on track; 11: at risk
        ([(10, -1, False), (90, 30, False)], Health.ON_TRACK),
        ([(11, -1, False), (89, 30, False)], Health.AT_RISK),
        # exactly 25 behind: at risk; 26: off track
        ([(25, -1, False), (75, 30, False)], Health.AT_RISK),
        ([(26, -1, False), (74, 30, False)], Health.OFF_TRACK),
        # a small milestone 14 days overdue: not yet off track (5 points behind); 15 days: off track
        ([(5, -14, False), (95, 30, False)], Health.ON_TRACK),
        ([(5, -15, False), (95, 30, False)], Health.OFF_TRACK),
        # done milestones count even if done late
        ([(50, -20, True), (50, 30, False)], Health.ON_TRACK),
    ],
)
def test_health_at_its_edges(db, specs, health):
    initiative = _with_milestones(*specs, today=TODAY)
    assert initiative.health == health


def test_progress_counts_done_and_verified_apart(db):
    initiative = InitiativeFactory()
    MilestoneFactory(initiative=initiative, weight=30, completed_on=TODAY)
    MilestoneFactory(
        initiative=initiative,
        weight=20,
        completed_on=TODAY,
        verified_at=datetime.datetime(2027, 6, 15, tzinfo=datetime.UTC),
    )
    MilestoneFactory(initiative=initiative, weight=50)
    annotated = Initiative.objects.with_progress(TODAY).get(pk=initiative.pk)
    assert annotated.progress_pct == 50
    assert annotated.verified_pct == 20
