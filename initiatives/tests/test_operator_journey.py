"""The issue's "must show": an operator creates a quick win with two indicators and three
milestones, attaches a PDF, submits it and sees it as "Diajukan" with a timeline entry."""

from django.urls import reverse

from core.workflow import Status
from initiatives.models import Evidence, Initiative

from .helpers import proposal_data, upload


def test_it_takes_an_operator_from_an_empty_home_to_a_submitted_quick_win(
    login, operator, open_round
):
    client = login(operator)
    home = client.get(reverse("home"), follow=True)
    assert "Tugas Saya" in home.content.decode() and "Buat Quick Win" in home.content.decode()

    client.post(reverse("initiatives:create"), proposal_data(open_round))
    initiative = Initiative.objects.get()
    assert (initiative.indicators.count(), initiative.milestones.count()) == (2, 3)

    client.post(
        reverse("initiatives:evidence_upload", args=[initiative.pk]),
        {"file": upload("laporan.pdf")},
    )
    assert Evidence.objects.filter(initiative=initiative).count() == 1

    page = client.post(reverse("initiatives:action", args=[initiative.pk, "submit"]), follow=True)

    html = page.content.decode()
    initiative.refresh_from_db()
    assert initiative.status == Status.SUBMITTED
    assert 'data-status="submitted">Diajukan</span>' in html
    assert "Draf → Diajukan" in html and "laporan.pdf" in html
    todo = client.get(reverse("initiatives:todo")).content.decode()
    assert initiative.title in todo and "Diajukan" in todo
