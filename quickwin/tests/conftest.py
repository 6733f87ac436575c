"""Fixtures of the project-wide tests: a world with one object of each kind of agency A."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from accounts.tests.factories import (
    BureauAdminFactory,
    HeadFactory,
    LeaderFactory,
    OperatorFactory,
    ReviewerFactory,
)
from core.calendar import round_periods
from evaluations.services import decide
from evaluations.tests.factories import in_review_initiative, submit_review
from initiatives.services import comment_add, evidence_attach, transition
from initiatives.tests.factories import RoundFactory
from monitoring.services import milestone_mark_done, report_submit
from monitoring.tests.monitoring_helpers import pdf
from reminders.models import Notification


def build_world(text="Catatan."):
    """Agency A's quick win walked through the real services up to a report, with the
    people around it. `text` goes into every free-text field (title, notes, comments)."""
    today = datetime.date.today()
    round_ = RoundFactory(
        implementation_start=today - datetime.timedelta(days=70),
        implementation_end=today + datetime.timedelta(days=300),
    )
    admin = BureauAdminFactory()
    reviewer = ReviewerFactory()
    title_kwargs = {} if text == "Catatan." else {"title": text, "problem": text}
    initiative, assignments = in_review_initiative(round_, [reviewer], admin, **title_kwargs)
    operator = initiative.operator
    head = HeadFactory(agency=initiative.agency)
    outsider = OperatorFactory()
    leader = LeaderFactory()
    review = submit_review(assignments[0], note=text)
    decide(initiative=initiative, decision="approve", by=admin)
    transition(initiative=initiative, action="start", by=operator)
    initiative.refresh_from_db()
    milestone = initiative.milestones.order_by("due_date").first()
    milestone_mark_done(
        milestone=milestone, by=operator, completed_on=today, note=text, files=[pdf()]
    )
    report = report_submit(
        initiative=initiative,
        period=round_periods(round_)[0],
        by=operator,
        percent_complete=30,
        achievements=text,
        obstacles=text,
    )
    evidence = evidence_attach(initiative=initiative, uploaded_file=pdf(), by=operator)
    comment_add(initiative=initiative, by=operator, body=text)
    notification = Notification.objects.filter(recipient=operator).first()
    if notification is None:
        notification = Notification.objects.create(
            recipient=operator,
            kind="milestone_due",
            content_type=ContentType.objects.get_for_model(initiative),
            object_id=initiative.pk,
            due_date=today,
            title="Tahapan jatuh tempo",
        )
    users = {
        "anonymous": None,
        "operator": operator,
        "head": head,
        "outsider": outsider,
        "reviewer": reviewer,
        "admin": admin,
        "leader": leader,
    }
    objects = {
        "initiative": initiative,
        "round": round_,
        "milestone": milestone,
        "report": report,
        "evidence": evidence,
        "assignment": assignments[0],
        "review": review,
        "notification": notification,
        "agency": initiative.agency,
    }
    return users, objects


@pytest.fixture
def world(db):
    return build_world()
