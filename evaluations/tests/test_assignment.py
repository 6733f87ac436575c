import datetime

import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD, ReviewerFactory
from core.workflow import Status
from evaluations.models import Assignment
from evaluations.services import EvaluationError, assign_reviewers, distribute_evenly
from evaluations.signals import reviewer_assigned
from evaluations.tests.factories import submitted_initiative


def test_it_assigns_reviewers_and_moves_the_quick_win_to_in_review(
    open_round, reviewer, second_reviewer, bureau_admin, django_capture_on_commit_callbacks
):
    initiative = submitted_initiative(open_round)
    heard = []

    def listener(sender, assignment, **kwargs):
        heard.append(assignment.reviewer_id)

    reviewer_assigned.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            created = assign_reviewers(
                initiative=initiative, reviewers=[reviewer, second_reviewer], by=bureau_admin
            )
    finally:
        reviewer_assigned.disconnect(listener)
    initiative.refresh_from_db()
    assert initiative.status == Status.IN_REVIEW
    assert {a.due_date for a in created} == {open_round.review_deadline}
    assert {a.cycle for a in created} == {1}
    assert sorted(heard) == sorted([reviewer.pk, second_reviewer.pk])
    assert initiative.status_changes.filter(action="assign").count() == 1


def test_it_refuses_a_reviewer_from_the_proposing_agency(client, open_round, bureau_admin):
    initiative = submitted_initiative(open_round)
    insider = ReviewerFactory(agency=initiative.agency)
    with pytest.raises(EvaluationError):
        assign_reviewers(initiative=initiative, reviewers=[insider], by=bureau_admin)

    client.login(username=bureau_admin.username, password=PASSWORD)
    response = client.post(
        reverse("evaluations:assign", args=[initiative.pk]), {"reviewers": [insider.pk]}
    )
    assert response.status_code == 200
    assert "berasal dari perangkat daerah pengusul" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.status == Status.SUBMITTED
    assert not Assignment.objects.exists()


def test_it_assigns_by_hand_with_a_chosen_due_date(client, open_round, reviewer, bureau_admin):
    initiative = submitted_initiative(open_round)
    due = open_round.review_deadline - datetime.timedelta(days=5)
    client.login(username=bureau_admin.username, password=PASSWORD)
    response = client.post(
        reverse("evaluations:assign", args=[initiative.pk]),
        {"reviewers": [reviewer.pk], "due_date": due.isoformat()},
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.reviewer, assignment.due_date) == (reviewer, due)


def test_it_distributes_evenly_fewest_open_reviews_first(open_round, bureau_admin):
    busy, idle_a, idle_b = ReviewerFactory(), ReviewerFactory(), ReviewerFactory()
    assign_reviewers(initiative=submitted_initiative(open_round), reviewers=[busy], by=bureau_admin)
    waiting = [submitted_initiative(open_round) for _ in range(4)]
    created, problems = distribute_evenly(
        initiatives=waiting, reviewers=[busy, idle_a, idle_b], by=bureau_admin
    )
    assert problems == []
    per_reviewer = {r.pk: 0 for r in (busy, idle_a, idle_b)}
    for a in created:
        per_reviewer[a.reviewer_id] += 1
    # busy starts with 1 open review, so the two idle ones are picked first and all end at 2/2/1+1.
    assert per_reviewer == {busy.pk: 1, idle_a.pk: 2, idle_b.pk: 1} or per_reviewer == {
        busy.pk: 1,
        idle_a.pk: 1,
        idle_b.pk: 2,
    }
    assert all(
        i.status == Status.IN_REVIEW
        for i in type(waiting[0]).objects.filter(pk__in=[w.pk for w in waiting])
    )


def test_it_distributes_from_the_board_and_reports_what_it_could_not(
    client, open_round, bureau_admin, reviewer
):
    ok = submitted_initiative(open_round)
    own_agency_quick_win = submitted_initiative(open_round, agency=reviewer.agency)
    client.login(username=bureau_admin.username, password=PASSWORD)
    response = client.post(
        reverse("evaluations:distribute", args=[open_round.pk]),
        {
            "initiatives": [ok.pk, own_agency_quick_win.pk],
            "reviewers": [reviewer.pk],
            "per_initiative": 1,
        },
        follow=True,
    )
    body = response.content.decode()
    assert "1 penugasan dibuat." in body
    assert "Reviewer yang memenuhi syarat tidak cukup" in body
    assert list(Assignment.objects.values_list("initiative_id", flat=True)) == [ok.pk]


def test_it_lets_only_bureau_admins_assign(client, open_round, reviewer):
    initiative = submitted_initiative(open_round)
    client.login(username=reviewer.username, password=PASSWORD)
    assert client.get(reverse("evaluations:assign", args=[initiative.pk])).status_code == 403
    client.login(username=initiative.operator.username, password=PASSWORD)
    assert client.get(reverse("evaluations:assign", args=[initiative.pk])).status_code == 403
