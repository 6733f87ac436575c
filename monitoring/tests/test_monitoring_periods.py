import datetime

import pytest
from django.utils import timezone

from core.calendar import ReportCadence, reporting_periods
from core.health import Health
from core.workflow import Status
from initiatives.models import Initiative
from initiatives.tests.factories import InitiativeFactory, MilestoneFactory

D = datetime.date
UTC = datetime.UTC


def test_it_makes_one_period_per_calendar_month_due_the_following_month():
    periods = reporting_periods(start=D(2027, 2, 15), end=D(2027, 4, 3), due_day=10)
    assert [(p.start, p.end, p.due) for p in periods] == [
        (D(2027, 2, 1), D(2027, 2, 28), D(2027, 3, 10)),
        (D(2027, 3, 1), D(2027, 3, 31), D(2027, 4, 10)),
        (D(2027, 4, 1), D(2027, 4, 30), D(2027, 5, 10)),
    ]


def test_it_rolls_over_the_year_end():
    periods = reporting_periods(start=D(2027, 12, 1), end=D(2028, 1, 31), due_day=5)
    assert [(p.start, p.due) for p in periods] == [
        (D(2027, 12, 1), D(2028, 1, 5)),
        (D(2028, 1, 1), D(2028, 2, 5)),
    ]


def test_it_makes_calendar_quarters_for_a_quarterly_round():
    periods = reporting_periods(
        start=D(2027, 2, 1), end=D(2027, 8, 31), cadence=ReportCadence.QUARTERLY, due_day=15
    )
    assert [(p.start, p.end, p.due) for p in periods] == [
        (D(2027, 1, 1), D(2027, 3, 31), D(2027, 4, 15)),
        (D(2027, 4, 1), D(2027, 6, 30), D(2027, 7, 15)),
        (D(2027, 7, 1), D(2027, 9, 30), D(2027, 10, 15)),
    ]


def test_it_returns_no_period_for_an_empty_window():
    assert reporting_periods(start=D(2027, 5, 1), end=D(2027, 4, 1)) == []


def _travel(monkeypatch, when_utc):
    monkeypatch.setattr(timezone, "now", lambda: when_utc)


@pytest.mark.django_db
def test_it_uses_the_wita_date_just_after_midnight_while_utc_is_still_yesterday(monkeypatch):
    # 2027-06-14 16:30 UTC is 2027-06-15 00:30 WITA: a milestone due on the 15th is planned.
    _travel(monkeypatch, datetime.datetime(2027, 6, 14, 16, 30, tzinfo=UTC))
    assert timezone.localdate() == D(2027, 6, 15)
    initiative = InitiativeFactory(status=Status.IN_PROGRESS)
    MilestoneFactory(initiative=initiative, weight=30, due_date=D(2027, 6, 15))
    MilestoneFactory(initiative=initiative, weight=70, due_date=D(2027, 9, 1))
    annotated = Initiative.objects.with_progress().get(pk=initiative.pk)
    assert annotated.planned_pct == 30
    assert annotated.health == Health.OFF_TRACK  # 30 points behind


@pytest.mark.django_db
def test_it_keeps_the_wita_date_late_in_the_evening(monkeypatch):
    # 2027-06-15 23:30 WITA is 15:30 UTC: still the 15th, so a milestone due the 16th is not planned.
    _travel(monkeypatch, datetime.datetime(2027, 6, 15, 15, 30, tzinfo=UTC))
    assert timezone.localdate() == D(2027, 6, 15)
    initiative = InitiativeFactory(status=Status.IN_PROGRESS)
    MilestoneFactory(initiative=initiative, weight=30, due_date=D(2027, 6, 16))
    MilestoneFactory(initiative=initiative, weight=70, due_date=D(2027, 9, 1))
    annotated = Initiative.objects.with_progress().get(pk=initiative.pk)
    assert annotated.planned_pct == 0
    assert annotated.health == Health.ON_TRACK


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("now_utc", "health"),
    [
        # due 2027-06-01, open: 14 days overdue on 06-15 WITA, 15 days on 06-16 WITA.
        (datetime.datetime(2027, 6, 15, 15, 59, tzinfo=UTC), Health.ON_TRACK),  # 23:59 WITA 15th
        (datetime.datetime(2027, 6, 15, 16, 0, tzinfo=UTC), Health.OFF_TRACK),  # 00:00 WITA 16th
    ],
)
def test_it_counts_overdue_days_in_wita(monkeypatch, now_utc, health):
    _travel(monkeypatch, now_utc)
    initiative = InitiativeFactory(status=Status.IN_PROGRESS)
    MilestoneFactory(initiative=initiative, weight=5, due_date=D(2027, 6, 1))
    MilestoneFactory(initiative=initiative, weight=95, due_date=D(2027, 9, 1))
    assert Initiative.objects.with_progress().get(pk=initiative.pk).health == health
