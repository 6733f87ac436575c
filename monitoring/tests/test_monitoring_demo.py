import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.health import Health
from initiatives.models import Evidence, Initiative, Milestone
from initiatives.tests.factories import RoundFactory

from ..demo import seed
from ..models import ProgressReport
from .monitoring_helpers import running_initiative


@pytest.fixture
def demo_quick_wins(agency, operator):
    today = timezone.localdate()
    round_ = RoundFactory(
        submission_opens=today - datetime.timedelta(days=200),
        submission_closes=today - datetime.timedelta(days=150),
        review_deadline=today - datetime.timedelta(days=130),
        implementation_start=today - datetime.timedelta(days=120),
    )
    return [
        running_initiative(
            round=round_, agency=agency, weights=(20, 15, 15, 50), offsets=(10, 100, 110, 200)
        )
        for _ in range(3)
    ]


def _snapshot(quick_wins):
    ids = [i.pk for i in quick_wins]
    return (
        ProgressReport.objects.filter(initiative__in=ids).count(),
        Evidence.objects.filter(initiative__in=ids).count(),
        sorted(Milestone.objects.filter(initiative__in=ids).values_list("pk", "completed_on")),
    )


def test_it_shows_every_health_state_and_changes_nothing_the_second_time(demo_quick_wins):
    seed()
    health = dict(
        Initiative.objects.with_progress()
        .filter(pk__in=[i.pk for i in demo_quick_wins])
        .values_list("pk", "health")
    )
    assert [health[i.pk] for i in demo_quick_wins] == [
        Health.ON_TRACK,
        Health.AT_RISK,
        Health.OFF_TRACK,
    ]
    assert ProgressReport.objects.filter(initiative=demo_quick_wins[0]).exists()
    assert Initiative.objects.get(pk=demo_quick_wins[0].pk).status == "in_progress"
    before = _snapshot(demo_quick_wins)
    seed()
    call_command("seed_demo", verbosity=0)
    assert _snapshot(demo_quick_wins) == before


def test_it_does_nothing_without_a_round(db):
    assert seed() == []
