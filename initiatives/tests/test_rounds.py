"""Bureau admins create and edit rounds in the app; dates are checked for order."""

import datetime

import pytest
from django.urls import reverse

from initiatives.models import Round

LIST = reverse("initiatives:round_list")
CREATE = reverse("initiatives:round_create")


def _data(**overrides):
    today = datetime.date(2027, 1, 10)
    data = {
        "name": "Quick Win RB Mandiri 2027",
        "year": "2027",
        "submission_opens": today.isoformat(),
        "submission_closes": (today + datetime.timedelta(days=30)).isoformat(),
        "review_deadline": (today + datetime.timedelta(days=60)).isoformat(),
        "implementation_start": (today + datetime.timedelta(days=70)).isoformat(),
        "implementation_end": (today + datetime.timedelta(days=330)).isoformat(),
        "report_cadence": "monthly",
        "report_due_day": "10",
        "max_initiatives_per_agency": "5",
        "min_reviews_for_decision": "2",
        "first_grace_days": "3",
        "second_grace_days": "7",
    }
    data.update(overrides)
    return data


def test_it_creates_and_lists_a_round(login, bureau_admin):
    client = login(bureau_admin)
    response = client.post(CREATE, _data(), follow=True)
    round_ = Round.objects.get()
    assert round_.min_reviews_for_decision == 2
    assert "Quick Win RB Mandiri 2027" in response.content.decode()
    assert "tersimpan" in response.content.decode()


def test_it_edits_a_round(login, bureau_admin, open_round):
    url = reverse("initiatives:round_edit", args=[open_round.pk])
    client = login(bureau_admin)
    assert client.get(url).status_code == 200
    client.post(url, _data(name="Nama baru", max_initiatives_per_agency="3"))
    open_round.refresh_from_db()
    assert (open_round.name, open_round.max_initiatives_per_agency) == ("Nama baru", 3)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"submission_closes": "2027-01-01"}, "submission_closes", "setelah tanggal dibuka"),
        ({"review_deadline": "2027-01-20"}, "review_deadline", "sebelum pengajuan ditutup"),
        ({"implementation_end": "2027-03-01"}, "implementation_end", "berakhir sebelum dimulai"),
        ({"report_due_day": "31"}, "report_due_day", "antara 1 dan 28"),
        ({"max_initiatives_per_agency": "0"}, "max_initiatives_per_agency", "minimal 1"),
        ({"name": ""}, "name", "tidak boleh kosong"),
        ({"submission_opens": "besok"}, "submission_opens", "tanggal"),
    ],
)
def test_it_refuses_bad_rounds_beside_the_field(login, bureau_admin, overrides, field, message):
    response = login(bureau_admin).post(CREATE, _data(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field]).lower()
    assert "Perbaiki kesalahan di bawah ini." in response.content.decode()
    assert 'value="Quick Win RB Mandiri 2027"' in response.content.decode() or field == "name"
    assert not Round.objects.exists()


def test_it_keeps_rounds_from_everyone_but_bureau_admins(login, operator, reviewer, leader):
    for user in (operator, reviewer, leader):
        client = login(user)
        assert client.get(LIST).status_code == 403
        assert client.post(CREATE, _data()).status_code == 403
    assert not Round.objects.exists()


def test_it_marks_the_open_round(login, bureau_admin, open_round):
    html = login(bureau_admin).get(LIST).content.decode()
    assert open_round.name in html and "Dibuka" in html
