"""The submit / withdraw / resubmit buttons on the detail page, end to end."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.workflow import Status
from initiatives.models import StatusChange

from .factories import RoundFactory, complete_initiative
from .helpers import set_status


def _action(initiative, name):
    return reverse("initiatives:action", args=[initiative.pk, name])


def test_it_submits_and_shows_diajukan_with_a_timeline_entry(login, operator, draft):
    client = login(operator)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert _action(draft, "submit") in page and "data-confirm=" in page

    response = client.post(_action(draft, "submit"), follow=True)

    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    html = response.content.decode()
    assert 'data-status="submitted">Diajukan</span>' in html
    assert "Draf → Diajukan" in html
    assert StatusChange.objects.get(initiative=draft).actor == operator


def test_it_answers_a_second_submit_click_with_a_message(login, operator, draft):
    client = login(operator)
    client.post(_action(draft, "submit"))
    response = client.post(_action(draft, "submit"), follow=True)

    assert response.status_code == 200
    assert "sekarang berstatus “Diajukan”" in response.content.decode()
    assert StatusChange.objects.filter(initiative=draft).count() == 1


def test_it_lists_what_is_missing_when_submitting_an_incomplete_draft(login, operator, draft):
    draft.milestones.update(weight=10)
    draft.problem = ""
    draft.save()
    response = login(operator).post(_action(draft, "submit"), follow=True)
    html = response.content.decode()
    assert "Bobot tahapan harus berjumlah 100; saat ini 20." in html
    assert "Permasalahan wajib diisi." in html
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_it_refuses_to_submit_outside_the_window(login, operator, agency):
    today = timezone.localdate()
    closed = RoundFactory(
        submission_opens=today - datetime.timedelta(days=30),
        submission_closes=today - datetime.timedelta(days=1),
        review_deadline=today + datetime.timedelta(days=10),
    )
    initiative = complete_initiative(round=closed, agency=agency, created_by=operator)
    response = login(operator).post(_action(initiative, "submit"), follow=True)
    assert "sudah ditutup" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.status == Status.DRAFT


def test_it_refuses_to_submit_over_the_agencys_limit(login, operator, agency, open_round):
    open_round.max_initiatives_per_agency = 1
    open_round.save()
    earlier = complete_initiative(round=open_round, agency=agency, created_by=operator)
    set_status(earlier, Status.SUBMITTED)
    initiative = complete_initiative(round=open_round, agency=agency, created_by=operator)

    response = login(operator).post(_action(initiative, "submit"), follow=True)

    assert "batasnya 1" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.status == Status.DRAFT


def test_it_withdraws_a_submitted_quick_win(login, colleague, draft):
    set_status(draft, Status.SUBMITTED)
    login(colleague).post(_action(draft, "withdraw"))
    draft.refresh_from_db()
    assert draft.status == Status.WITHDRAWN


def test_it_resubmits_after_revision(login, operator, draft):
    set_status(draft, Status.REVISION)
    client = login(operator)
    assert _action(draft, "resubmit") in client.get(draft.get_absolute_url()).content.decode()
    client.post(_action(draft, "resubmit"))
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("status", "shown", "hidden"),
    [
        (Status.DRAFT, {"submit", "withdraw"}, {"resubmit"}),
        (Status.SUBMITTED, {"withdraw"}, {"submit", "resubmit"}),
        (Status.REVISION, {"resubmit"}, {"submit", "withdraw"}),
        (Status.APPROVED, set(), {"submit", "withdraw", "resubmit"}),
    ],
)
def test_it_shows_only_the_buttons_that_apply(login, operator, draft, status, shown, hidden):
    set_status(draft, status)
    html = login(operator).get(draft.get_absolute_url()).content.decode()
    for name in shown:
        assert _action(draft, name) in html
    for name in hidden:
        assert _action(draft, name) not in html


def test_it_refuses_a_get_on_an_action(login, operator, draft):
    assert login(operator).get(_action(draft, "submit")).status_code == 405
