"""Creating and editing a proposal: saved as a draft, bad input refused beside the field."""

import datetime

import pytest
from django.urls import reverse

from core.workflow import Status
from initiatives.models import Initiative, Milestone, StatusChange

from .helpers import edit_data, proposal_data, set_status

CREATE = reverse("initiatives:create")


def _edit(initiative):
    return reverse("initiatives:edit", args=[initiative.pk])


def test_it_creates_a_draft_with_indicators_and_milestones(login, operator, open_round):
    response = login(operator).post(CREATE, proposal_data(open_round))

    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    assert (initiative.status, initiative.agency, initiative.round) == (
        Status.DRAFT,
        operator.agency,
        open_round,
    )
    assert initiative.created_by == operator
    assert initiative.budget == 12_500_000
    assert initiative.indicators.count() == 2
    assert sorted(initiative.milestones.values_list("weight", flat=True)) == [20, 30, 50]


def test_it_ignores_an_agency_or_status_smuggled_into_the_post(
    login, operator, open_round, other_agency
):
    data = proposal_data(open_round, agency=str(other_agency.pk), status="approved")
    login(operator).post(CREATE, data)
    initiative = Initiative.objects.get()
    assert (initiative.agency, initiative.status) == (operator.agency, Status.DRAFT)


def test_it_saves_and_submits_in_one_step(login, operator, open_round):
    data = proposal_data(open_round, save_and_submit="1")
    response = login(operator).post(CREATE, data, follow=True)
    initiative = Initiative.objects.get()
    assert initiative.status == Status.SUBMITTED
    assert StatusChange.objects.filter(initiative=initiative, to_status=Status.SUBMITTED).exists()
    assert "Diajukan" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "tidak boleh kosong"),
        ({"change_area": ""}, "change_area", "tidak boleh kosong"),
        ({"budget": "-5"}, "budget", "tidak boleh negatif"),
        ({"budget": "dua juta"}, "budget", "bilangan bulat rupiah"),
        ({"start_date": "31-31-2026"}, "start_date", "tanggal"),
    ],
)
def test_it_refuses_bad_fields_and_keeps_the_typed_input(
    login, operator, open_round, overrides, field, message
):
    data = proposal_data(open_round, **overrides)
    data["problem"] = "Teks yang sudah diketik panjang"
    response = login(operator).post(CREATE, data)

    assert response.status_code == 200
    assert not Initiative.objects.exists()
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field]).lower()
    html = response.content.decode()
    assert "Teks yang sudah diketik panjang" in html
    assert "Perbaiki kesalahan di bawah ini" in html  # the summary at the top


def test_it_refuses_an_end_before_the_start(login, operator, open_round):
    start = open_round.implementation_start + datetime.timedelta(days=30)
    data = proposal_data(
        open_round,
        start_date=start.isoformat(),
        end_date=(start - datetime.timedelta(days=1)).isoformat(),
    )
    response = login(operator).post(CREATE, data)
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai" in " ".join(
        response.context["form"].errors["end_date"]
    )
    assert not Initiative.objects.exists()


def test_it_refuses_dates_outside_the_round(login, operator, open_round):
    data = proposal_data(
        open_round,
        start_date=(open_round.implementation_start - datetime.timedelta(days=1)).isoformat(),
        end_date=(open_round.implementation_end + datetime.timedelta(days=1)).isoformat(),
    )
    response = login(operator).post(CREATE, data)
    errors = response.context["form"].errors
    assert "jendela pelaksanaan" in " ".join(errors["start_date"])
    assert "jendela pelaksanaan" in " ".join(errors["end_date"])
    assert not Initiative.objects.exists()


def test_it_refuses_a_milestone_due_outside_the_quick_wins_dates(login, operator, open_round):
    data = proposal_data(open_round)
    data["milestones-0-due_date"] = open_round.implementation_end.isoformat()
    response = login(operator).post(CREATE, data)
    row = response.context["milestones"].forms[0]
    assert "antara tanggal mulai dan selesai" in " ".join(row.errors["due_date"])
    assert not Initiative.objects.exists()
    assert 'value="SOP"' in response.content.decode()  # the typed rows stay


def test_it_refuses_a_non_numeric_indicator_target(login, operator, open_round):
    data = proposal_data(open_round)
    data["indicators-0-target"] = "tiga"
    response = login(operator).post(CREATE, data)
    assert "target" in response.context["indicators"].forms[0].errors
    assert not Initiative.objects.exists()


def test_it_keeps_a_draft_whose_weights_do_not_add_up_and_warns(login, operator, open_round):
    data = proposal_data(open_round)
    data["milestones-0-weight"] = "10"  # 10 + 50 + 30 = 90
    response = login(operator).post(CREATE, data, follow=True)
    initiative = Initiative.objects.get()
    assert initiative.status == Status.DRAFT
    assert "90" in response.content.decode() and "bukan 100" in response.content.decode()


def test_it_refuses_to_submit_when_weights_do_not_add_up(login, operator, open_round):
    data = proposal_data(open_round, save_and_submit="1")
    data["milestones-0-weight"] = "10"
    response = login(operator).post(CREATE, data, follow=True)
    initiative = Initiative.objects.get()
    assert initiative.status == Status.DRAFT
    assert "Bobot tahapan harus berjumlah 100; saat ini 90." in response.content.decode()


def test_it_saves_an_edit_of_a_draft(login, operator, draft):
    data = edit_data(draft, title="Judul baru")
    data["milestones-0-DELETE"] = "on"
    data["milestones-1-weight"] = "100"
    response = login(operator).post(_edit(draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Judul baru"
    assert list(draft.milestones.values_list("weight", flat=True)) == [100]


def test_it_lets_the_agency_edit_a_quick_win_sent_back_for_revision(login, colleague, draft):
    set_status(draft, Status.REVISION)
    response = login(colleague).post(_edit(draft), edit_data(draft, title="Sudah diperbaiki"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Sudah diperbaiki", Status.REVISION)


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.IN_REVIEW, Status.APPROVED])
def test_it_refuses_a_crafted_post_editing_a_submitted_quick_win(login, operator, draft, status):
    set_status(draft, status)
    before = (draft.title, list(Milestone.objects.filter(initiative=draft).values("weight")))

    response = login(operator).post(
        _edit(draft), edit_data(draft, title="Diubah diam-diam"), follow=True
    )

    assert response.redirect_chain == [(draft.get_absolute_url(), 302)]
    assert "tidak dapat diubah lagi" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.title, list(Milestone.objects.filter(initiative=draft).values("weight"))) == (
        before
    )
    assert draft.status == status


def test_it_refuses_the_edit_page_to_bureau_and_leadership(login, bureau_admin, leader, draft):
    for user in (bureau_admin, leader):
        response = login(user).post(_edit(draft), edit_data(draft, title="X"))
        assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.title != "X"


def test_it_refuses_creating_to_non_agency_users(login, leader, reviewer, open_round):
    for user in (leader, reviewer):
        assert login(user).post(CREATE, proposal_data(open_round)).status_code == 403
    assert not Initiative.objects.exists()


def test_it_shows_the_form_in_indonesian(login, operator, open_round):
    html = login(operator).get(CREATE).content.decode()
    for text in ("Judul quick win", "Indikator keberhasilan", "Rencana aksi", "Simpan draf"):
        assert text in html


def test_it_saves_and_resubmits_a_revision_in_one_step(login, operator, draft):
    set_status(draft, Status.REVISION)
    data = edit_data(draft, title="Sudah diperbaiki", save_and_submit="1")
    login(operator).post(_edit(draft), data)
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Sudah diperbaiki", Status.SUBMITTED)
    assert StatusChange.objects.get(initiative=draft).action == "resubmit"


def test_it_explains_that_there_is_no_open_round(login, operator):
    response = login(operator).get(CREATE, follow=True)
    assert "Belum ada periode yang dibuka" in response.content.decode()
    assert not Initiative.objects.exists()
