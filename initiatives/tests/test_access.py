"""Another agency's user gets 404 on every quick-win URL; bad ids are 404; leadership reads only."""

import pytest
from django.urls import reverse

from core.workflow import Status
from initiatives.models import Comment, Evidence, StatusChange
from initiatives.services import evidence_attach
from initiatives.tests.factories import complete_initiative

from .helpers import edit_data, upload


def _urls(initiative, evidence):
    pk = initiative.pk
    return [
        ("get", reverse("initiatives:detail", args=[pk])),
        ("get", reverse("initiatives:edit", args=[pk])),
        ("post", reverse("initiatives:edit", args=[pk])),
        ("post", reverse("initiatives:action", args=[pk, "submit"])),
        ("post", reverse("initiatives:action", args=[pk, "withdraw"])),
        ("post", reverse("initiatives:action", args=[pk, "resubmit"])),
        ("post", reverse("initiatives:comment", args=[pk])),
        ("post", reverse("initiatives:evidence_upload", args=[pk])),
        ("get", reverse("initiatives:evidence_download", args=[pk, evidence.pk])),
        ("post", reverse("initiatives:evidence_delete", args=[pk, evidence.pk])),
    ]


@pytest.fixture
def evidence(draft, operator):
    return evidence_attach(initiative=draft, uploaded_file=upload("laporan.pdf"), by=operator)


def test_it_answers_404_to_an_outsider_on_every_quick_win_url(login, outsider, draft, evidence):
    client = login(outsider)
    for method, url in _urls(draft, evidence):
        data = {"body": "halo", "file": upload("laporan.pdf")} if method == "post" else None
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert not Comment.objects.exists() and not StatusChange.objects.exists()
    assert Evidence.objects.count() == 1


def test_it_answers_404_for_evidence_of_another_quick_win(login, operator, draft, outsider):
    foreign = complete_initiative(agency=outsider.agency, round=draft.round)
    foreign_file = evidence_attach(
        initiative=foreign, uploaded_file=upload("laporan.pdf"), by=outsider
    )
    client = login(operator)
    download = reverse("initiatives:evidence_download", args=[draft.pk, foreign_file.pk])
    delete = reverse("initiatives:evidence_delete", args=[draft.pk, foreign_file.pk])
    assert client.get(download).status_code == 404
    assert client.post(delete).status_code == 404
    assert Evidence.objects.filter(pk=foreign_file.pk).exists()


@pytest.mark.parametrize(
    "path",
    [
        "/quick-win/abc/",
        "/quick-win/12abc/ubah/",
        "/quick-win/-1/",
        "/quick-win/1/data-dukung/xyz/",
        "/quick-win/periode/abc/ubah/",
    ],
)
def test_it_answers_404_to_non_numeric_ids(login, operator, bureau_admin, path):
    assert login(operator).get(path).status_code == 404
    assert login(bureau_admin).get(path).status_code == 404


def test_it_answers_404_to_an_unknown_id(login, operator, bureau_admin, draft):
    unknown = draft.pk + 1000
    for user in (operator, bureau_admin):
        client = login(user)
        assert client.get(reverse("initiatives:detail", args=[unknown])).status_code == 404
        assert (
            client.post(reverse("initiatives:action", args=[unknown, "submit"])).status_code == 404
        )
    round_edit = reverse("initiatives:round_edit", args=[draft.round.pk + 1000])
    assert login(bureau_admin).get(round_edit).status_code == 404


def test_it_answers_404_to_an_unknown_action(login, operator, draft):
    url = reverse("initiatives:action", args=[draft.pk, "approve"])
    assert login(operator).post(url).status_code == 404
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_it_lets_leadership_read_but_change_nothing(login, leader, draft, evidence):
    client = login(leader)
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(reverse("initiatives:list")).status_code == 200
    for method, url in _urls(draft, evidence)[1:]:
        if "data-dukung" in url and method == "get":
            continue  # reading a file is allowed
        data = edit_data(draft) if url.endswith("/ubah/") else {"body": "x"}
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, (method, url)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert not Comment.objects.exists() and Evidence.objects.count() == 1


def test_it_shows_leadership_no_buttons(login, leader, draft):
    html = login(leader).get(draft.get_absolute_url()).content.decode()
    assert 'data-testid="actions">\n    \n  </div>' in html or "/aksi/" not in html
    assert "/komentar/" not in html and "/ubah/" not in html


def test_it_keeps_agency_pages_from_bureau_staff_and_the_reverse(login, operator, reviewer, leader):
    assert login(operator).get(reverse("initiatives:list")).status_code == 403
    assert login(operator).get(reverse("initiatives:round_list")).status_code == 403
    assert login(reviewer).get(reverse("initiatives:mine")).status_code == 403
    assert login(leader).get(reverse("initiatives:todo")).status_code == 403
