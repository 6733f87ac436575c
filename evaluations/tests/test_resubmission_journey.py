"""After a revision the agency resubmits; the product sends it back to the same reviewers by
itself. The page must say where the quick win ended, credit that step to the system and stop
offering "Ubah" to the agency once the quick win cannot be edited."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from core.workflow import Action, Status
from evaluations.services import decide
from initiatives.models import Initiative, StatusChange

from .factories import in_review_initiative, submit_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_revision(open_round, reviewer, second_reviewer, bureau_admin):
    initiative, (first, second) = in_review_initiative(
        open_round, [reviewer, second_reviewer], bureau_admin
    )
    submit_review(first, score=2, recommendation="revise")
    submit_review(second, score=3, recommendation="revise")
    decide(
        initiative=initiative,
        decision="request_revision",
        by=bureau_admin,
        note="Tambahkan baseline.",
    )
    initiative.refresh_from_db()
    assert initiative.status == Status.REVISION
    return initiative


def _client(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _resubmit(client, initiative, capture):
    # The step back to the reviewers runs after the resubmission commits.
    with capture(execute=True):
        return client.post(
            reverse("initiatives:action", args=[initiative.pk, "resubmit"]), follow=True
        )


def test_the_message_after_resubmitting_names_the_status_it_ends_in(transactional_db, in_revision):
    # Real commits: the step back to the reviewers runs as the resubmission commits, before
    # the page writes its message (as in production, where no test transaction wraps it).
    client = _client(in_revision.operator)
    response = client.post(
        reverse("initiatives:action", args=[in_revision.pk, "resubmit"]), follow=True
    )

    assert Initiative.objects.get(pk=in_revision.pk).status == Status.IN_REVIEW
    html = response.content.decode()
    assert "sekarang berstatus “Dalam Reviu”" in html
    assert "sekarang berstatus “Diajukan”" not in html


def test_the_automatic_step_back_to_the_reviewers_is_credited_to_the_system(
    in_revision, bureau_admin, django_capture_on_commit_callbacks
):
    _resubmit(_client(in_revision.operator), in_revision, django_capture_on_commit_callbacks)

    back = StatusChange.objects.filter(initiative=in_revision, action=Action.ASSIGN).latest("pk")
    assert back.is_automatic and back.actor is None
    resubmitted = StatusChange.objects.get(initiative=in_revision, action=Action.RESUBMIT)
    assert resubmitted.actor == in_revision.operator and not resubmitted.is_automatic

    html = _client(bureau_admin).get(in_revision.get_absolute_url()).content.decode()
    assert "Kembali ke reviewer siklus sebelumnya setelah diajukan ulang." in html


def test_the_agency_is_not_offered_edit_once_it_cannot_edit(
    in_revision, django_capture_on_commit_callbacks
):
    client = _client(in_revision.operator)
    edit_url = reverse("initiatives:edit", args=[in_revision.pk])
    assert edit_url in client.get(in_revision.get_absolute_url()).content.decode()

    _resubmit(client, in_revision, django_capture_on_commit_callbacks)

    assert edit_url not in client.get(in_revision.get_absolute_url()).content.decode()
    # A typed URL still explains why, instead of a bare error.
    response = client.get(edit_url, follow=True)
    assert "tidak dapat diubah lagi" in response.content.decode()
