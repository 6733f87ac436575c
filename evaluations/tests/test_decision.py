import os
import threading

import pytest
from django.db import connection
from django.urls import reverse

from accounts.tests.factories import PASSWORD, BureauAdminFactory
from core.workflow import Status
from evaluations.models import Assignment
from evaluations.selectors import aggregate_for
from evaluations.services import EvaluationError, decide
from evaluations.tests.factories import in_review_initiative, submit_review
from initiatives.models import Initiative
from initiatives.services import WorkflowError, transition


@pytest.fixture
def reviewed(open_round, reviewer, bureau_admin):
    initiative, (assignment,) = in_review_initiative(open_round, [reviewer], bureau_admin)
    submit_review(assignment)
    return initiative


def test_it_refuses_a_decision_without_enough_reviews(client, open_round, reviewer, bureau_admin):
    initiative, _assignments = in_review_initiative(open_round, [reviewer], bureau_admin)
    client.login(username=bureau_admin.username, password=PASSWORD)
    response = client.post(
        reverse("evaluations:decide", args=[initiative.pk]), {"decision": "approve"}
    )
    assert response.status_code == 200
    assert "Keputusan memerlukan paling sedikit 1 reviu" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.status == Status.IN_REVIEW


def test_it_follows_the_rounds_minimum_of_reviews(
    open_round, reviewer, second_reviewer, bureau_admin
):
    open_round.min_reviews_for_decision = 2
    open_round.save()
    initiative, (first, _second) = in_review_initiative(
        open_round, [reviewer, second_reviewer], bureau_admin
    )
    submit_review(first)
    with pytest.raises(WorkflowError):
        decide(initiative=initiative, decision="approve", by=bureau_admin)
    submit_review(_second)
    decide(initiative=initiative, decision="approve", by=bureau_admin)
    initiative.refresh_from_db()
    assert initiative.status == Status.APPROVED


def test_it_approves(client, reviewed, bureau_admin):
    client.login(username=bureau_admin.username, password=PASSWORD)
    response = client.post(
        reverse("evaluations:decide", args=[reviewed.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    reviewed.refresh_from_db()
    assert reviewed.status == Status.APPROVED


def test_it_needs_a_list_for_revision_and_a_reason_for_rejection(client, reviewed, bureau_admin):
    client.login(username=bureau_admin.username, password=PASSWORD)
    url = reverse("evaluations:decide", args=[reviewed.pk])
    body = client.post(url, {"decision": "request_revision", "note": "  "}).content.decode()
    assert "Tuliskan apa saja yang harus diubah perangkat daerah." in body
    body = client.post(url, {"decision": "reject"}).content.decode()
    assert "Tuliskan alasan menolak quick win ini." in body
    reviewed.refresh_from_db()
    assert reviewed.status == Status.IN_REVIEW
    with pytest.raises(EvaluationError):
        decide(initiative=reviewed, decision="reject", by=bureau_admin, note="")

    client.post(url, {"decision": "reject", "note": "Bukan quick win: butuh 3 tahun."})
    reviewed.refresh_from_db()
    assert reviewed.status == Status.REJECTED
    assert reviewed.status_changes.get(action="reject").note == "Bukan quick win: butuh 3 tahun."


def test_it_lets_only_bureau_admins_decide(client, reviewed, reviewer):
    client.login(username=reviewer.username, password=PASSWORD)
    url = reverse("evaluations:decide", args=[reviewed.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 403
    reviewed.refresh_from_db()
    assert reviewed.status == Status.IN_REVIEW


def test_it_sends_a_revision_back_to_the_same_reviewers_in_a_new_cycle(
    client, open_round, reviewer, second_reviewer, bureau_admin, django_capture_on_commit_callbacks
):
    initiative, (first, second) = in_review_initiative(
        open_round, [reviewer, second_reviewer], bureau_admin
    )
    submit_review(first, score=2, recommendation="revise", note="Indikator belum terukur.")
    submit_review(second, score=3, recommendation="revise")
    decide(
        initiative=initiative,
        decision="request_revision",
        by=bureau_admin,
        note="- Tambahkan baseline indikator\n- Perjelas anggaran",
    )
    initiative.refresh_from_db()
    assert initiative.status == Status.REVISION

    # The agency sees the list of what must change on the review panel.
    client.login(username=initiative.operator.username, password=PASSWORD)
    Initiative.objects.filter(pk=initiative.pk).update(objective="Tujuan yang sudah diperbaiki.")
    initiative.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        transition(initiative=initiative, action="resubmit", by=initiative.operator)

    initiative.refresh_from_db()
    assert initiative.status == Status.IN_REVIEW
    cycle_two = Assignment.objects.filter(initiative=initiative, cycle=2)
    assert sorted(cycle_two.values_list("reviewer_id", flat=True)) == sorted(
        [reviewer.pk, second_reviewer.pk]
    )
    # The new cycle needs its own reviews before a decision.
    assert aggregate_for(initiative)["count"] == 0
    with pytest.raises(WorkflowError):
        decide(initiative=initiative, decision="approve", by=bureau_admin)

    client.login(username=reviewer.username, password=PASSWORD)
    new_assignment = cycle_two.get(reviewer=reviewer)
    body = client.get(reverse("evaluations:review", args=[new_assignment.pk])).content.decode()
    assert "Reviu Anda pada siklus sebelumnya" in body
    assert "Indikator belum terukur." in body
    assert "Tujuan yang sudah diperbaiki." in body

    submit_review(new_assignment, score=5)
    decide(initiative=initiative, decision="approve", by=bureau_admin)
    initiative.refresh_from_db()
    assert initiative.status == Status.APPROVED
    assert aggregate_for(initiative)["mean"] == 100


@pytest.mark.skipif(
    connection.vendor == "sqlite" and not os.environ.get("CI"),
    reason="Needs PostgreSQL row locks (set DATABASE_URL to a PostgreSQL database); "
    "SQLite serialises every writer, so the race cannot happen there.",
)
@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_one_of_two_concurrent_decisions_win(open_round, reviewer):
    admins = [BureauAdminFactory(), BureauAdminFactory()]
    initiative, (assignment,) = in_review_initiative(open_round, [reviewer], admins[0])
    submit_review(assignment)
    start = threading.Barrier(2)
    outcomes = []

    def decide_as(admin, decision, note):
        try:
            start.wait()
            decide(
                initiative=Initiative.objects.get(pk=initiative.pk),
                decision=decision,
                by=admin,
                note=note,
            )
            outcomes.append("won")
        except WorkflowError as error:
            outcomes.append(str(error.messages[0]))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide_as, args=(admins[0], "approve", "")),
        threading.Thread(target=decide_as, args=(admins[1], "reject", "Tidak layak.")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert outcomes.count("won") == 1
    loser = next(o for o in outcomes if o != "won")
    # The loser is told the quick win has already moved on (to the winner's status).
    assert any(word in loser for word in ("Approved", "Rejected", "Disetujui", "Ditolak"))
    initiative.refresh_from_db()
    assert initiative.status in (Status.APPROVED, Status.REJECTED)
    assert initiative.status_changes.filter(action__in=["approve", "reject"]).count() == 1
