"""A small known round: two agencies, quick wins in chosen statuses, milestones, reports, reviews."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.tests.factories import AgencyFactory, HeadFactory, ReviewerFactory
from core.workflow import Status
from dashboard.selectors import last_due_period
from evaluations.models import Assignment, Review, ReviewStatus
from initiatives.models import ChangeArea, Milestone
from initiatives.tests.factories import InitiativeFactory, RoundFactory
from monitoring.models import ProgressReport


@pytest.fixture
def link_urls(settings):
    """The real URL configuration: every linked page exists (kept as a named dependency)."""
    assert settings.ROOT_URLCONF == "quickwin.urls"


def make_quick_win(round_, agency, status, *, area=8, milestones=(), score=None, **fields):
    """A quick win in `status`; milestones are (days from today, weight, done?)."""
    initiative = InitiativeFactory(
        round=round_,
        agency=agency,
        status=status,
        change_area=ChangeArea.objects.get(number=area),
        **fields,
    )
    today = timezone.localdate()
    for days, weight, done in milestones:
        due = today + datetime.timedelta(days=days)
        Milestone.objects.create(
            initiative=initiative,
            title=f"M {days}",
            due_date=due,
            weight=weight,
            completed_on=min(due, today) if done else None,
        )
    if score is not None:
        reviewer = ReviewerFactory()
        assignment = Assignment.objects.create(
            initiative=initiative, reviewer=reviewer, due_date=today, assigned_by=reviewer
        )
        Review.objects.create(
            assignment=assignment,
            status=ReviewStatus.SUBMITTED,
            recommendation="approve",
            total_score=Decimal(score),
            submitted_at=timezone.now(),
        )
    return initiative


@pytest.fixture
def known_round(db):
    """Agency A: 3 quick wins (one on track, one off track, one in review); agency B: 1 draft
    and 1 rejected. Expected figures are spelled out in test_figures.py."""
    round_ = RoundFactory()
    a = AgencyFactory(abbreviation="Dinas A")
    b = AgencyFactory(abbreviation="Dinas B")
    on_track = make_quick_win(
        round_,
        a,
        Status.IN_PROGRESS,
        area=1,
        milestones=[(-5, 50, True), (30, 50, False)],
        score=80,
    )
    off_track = make_quick_win(
        round_,
        a,
        Status.APPROVED,
        area=1,
        milestones=[(-20, 60, False), (40, 40, False)],
        score=60,
    )
    in_review = make_quick_win(round_, a, Status.IN_REVIEW, area=2)
    make_quick_win(round_, b, Status.DRAFT, area=2)
    rejected = make_quick_win(round_, b, Status.REJECTED, area=3, score=40)
    # The report of the last period that is due, so `on_track` is never "missing a report".
    period = last_due_period(round_, timezone.localdate())
    start, end = period or (round_.implementation_start, round_.implementation_start)
    ProgressReport.objects.create(
        initiative=on_track,
        period_start=start,
        period_end=end,
        due_date=end + datetime.timedelta(days=10),
        percent_complete=50,
        achievements="Tahap 1 selesai.",
        submitted_by=on_track.created_by,
    )
    return {
        "round": round_,
        "a": a,
        "b": b,
        "on_track": on_track,
        "off_track": off_track,
        "in_review": in_review,
        "rejected": rejected,
        "head_a": HeadFactory(agency=a),
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories hash a password per user; the slow default hasher is not under test here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
