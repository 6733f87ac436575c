"""Assignment, decision and sent-back milestone notify the people concerned at once."""

import pytest
from django.core import mail

from core.workflow import Action
from evaluations.models import Assignment
from evaluations.signals import review_submitted, reviewer_assigned
from initiatives.models import Initiative, Milestone
from initiatives.services import transition
from monitoring.signals import milestone_sent_back
from reminders.kinds import Kind
from reminders.models import Delivery, Notification

from .conftest import assign, day, submit_review, wita


@pytest.mark.django_db
def test_a_reviewer_hears_at_once_about_an_assignment(
    in_review, reviewer, bureau_admin, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    assignment = assign(in_review, reviewer, bureau_admin, due_date=day(5))
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_assigned.send(sender=Assignment, assignment=assignment)
        reviewer_assigned.send(sender=Assignment, assignment=assignment)  # sent twice: one row
    notification = Notification.objects.get(kind=Kind.REVIEWER_ASSIGNED)
    assert notification.recipient == reviewer and notification.due_date == day(5)
    assert in_review.title in notification.title
    assert [m.to for m in mail.outbox] == [[reviewer.email]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "note"),
    [
        (Action.APPROVE, ""),
        (Action.REQUEST_REVISION, "Perbaiki indikator."),
        (Action.REJECT, "Tidak relevan."),
    ],
)
def test_the_agency_hears_at_once_about_a_decision(
    action,
    note,
    in_review,
    operator,
    colleague,
    outsider,
    bureau_admin,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        transition(initiative=in_review, action=action, by=bureau_admin, note=note)
    decided = Notification.objects.filter(kind=Kind.DECISION_MADE)
    assert set(decided.values_list("recipient_id", flat=True)) == {operator.pk, colleague.pk}
    if note:
        assert all(note in n.body for n in decided)
    assert Delivery.objects.filter(notification__in=decided).count() == 2


@pytest.mark.django_db
def test_other_transitions_notify_nobody(draft, operator, django_capture_on_commit_callbacks):
    Initiative.objects.filter(pk=draft.pk).update(round=draft.round)
    with django_capture_on_commit_callbacks(execute=True):
        transition(initiative=draft, action=Action.WITHDRAW, by=operator)
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_operators_hear_at_once_about_a_milestone_sent_back(
    milestone, operator, colleague, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        milestone_sent_back.send(sender=Milestone, milestone=milestone, reason="Bukti kurang.")
    sent_back = Notification.objects.get(kind=Kind.MILESTONE_SENT_BACK)
    assert sent_back.recipient == operator
    assert "Bukti kurang." in sent_back.body


@pytest.mark.django_db
def test_the_bureau_hears_when_the_last_review_is_submitted(
    in_review, reviewer, second_reviewer, bureau_admin, django_capture_on_commit_callbacks
):
    first = assign(in_review, reviewer, bureau_admin)
    second = assign(in_review, second_reviewer, bureau_admin)
    with django_capture_on_commit_callbacks(execute=True):
        review = submit_review(first, wita(day(-1), 10))
        review_submitted.send(sender=type(review), review=review)
    assert not Notification.objects.filter(kind=Kind.DECISION_WAITING).exists()
    with django_capture_on_commit_callbacks(execute=True):
        review = submit_review(second, wita(day(-1), 11))
        review_submitted.send(sender=type(review), review=review)
    waiting = Notification.objects.get(kind=Kind.DECISION_WAITING)
    assert waiting.recipient == bureau_admin
