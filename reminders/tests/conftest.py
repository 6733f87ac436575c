"""Fixtures for reminders: a fixed WITA calendar, quick wins in each state, a sweep helper."""

import datetime

import pytest
from django.utils import timezone

from core.workflow import Status
from evaluations.models import Assignment, Review, ReviewStatus
from initiatives.models import Initiative
from initiatives.tests.factories import InitiativeFactory, MilestoneFactory, RoundFactory
from reminders import services
from reminders.models import Notification

D = datetime.date(2027, 3, 10)  # the reference due date of most tests


def day(offset):
    return D + datetime.timedelta(days=offset)


def wita(date, hour=0, minute=0):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour, minute)))


@pytest.fixture
def round_2027(db):
    return RoundFactory(
        year=2027,
        submission_opens=datetime.date(2026, 11, 1),
        submission_closes=datetime.date(2026, 12, 15),
        review_deadline=datetime.date(2026, 12, 31),
        implementation_start=datetime.date(2027, 1, 1),
        implementation_end=datetime.date(2027, 12, 31),
    )


def make_initiative(round_, agency, status, **kwargs):
    initiative = InitiativeFactory(round=round_, agency=agency, **kwargs)
    Initiative.objects.filter(pk=initiative.pk).update(status=status)
    initiative.status = status
    return initiative


@pytest.fixture
def running(round_2027, agency, operator, colleague):
    """A quick win of the operator's agency in implementation (with its head, `colleague`)."""
    return make_initiative(
        round_2027,
        agency,
        Status.IN_PROGRESS,
        created_by=operator,
        start_date=datetime.date(2027, 1, 1),
        end_date=datetime.date(2027, 6, 30),
    )


@pytest.fixture
def milestone(running):
    return MilestoneFactory(initiative=running, due_date=D, weight=100)


@pytest.fixture
def in_review(round_2027, agency, operator, colleague):
    return make_initiative(round_2027, agency, Status.IN_REVIEW, created_by=operator)


def assign(initiative, reviewer, by, *, due_date=D, cycle=1):
    return Assignment.objects.create(
        initiative=initiative, reviewer=reviewer, cycle=cycle, due_date=due_date, assigned_by=by
    )


def submit_review(assignment, at):
    return Review.objects.create(
        assignment=assignment,
        status=ReviewStatus.SUBMITTED,
        recommendation="approve",
        total_score=80,
        submitted_at=at,
    )


def sweep_days(first, last, kind):
    """Run the sweep on each day from `first` to `last` (offsets from D); {offset: new rows
    of `kind`}."""
    created = {}
    for offset in range(first, last + 1):
        before = set(Notification.objects.values_list("id", flat=True))
        services.run_sweep(today=day(offset))
        created[offset] = list(
            Notification.objects.filter(kind=kind)
            .exclude(id__in=before)
            .order_by("recipient_id", "step")
        )
    return created


def keys(notifications):
    """(recipient id, lead days, step) of each notification, as a set."""
    return {(n.recipient_id, n.lead_days, n.step) for n in notifications}
