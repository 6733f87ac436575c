"""Evidence uploads: judged by content, limited in size, stored under random names,
downloaded only through the permission-checked view."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.workflow import Status
from initiatives.evidence import clean_display_name, validate_evidence_file
from initiatives.models import Evidence, EvidenceKind
from initiatives.services import evidence_attach

from .helpers import SAMPLES, set_status, upload


def _upload_url(initiative):
    return reverse("initiatives:evidence_upload", args=[initiative.pk])


@pytest.mark.parametrize("name", list(SAMPLES))
def test_it_accepts_each_allowed_type_by_content(name):
    content_type = validate_evidence_file(upload(name))
    assert content_type.startswith(("application/", "image/"))


def test_it_tells_the_office_formats_apart_by_their_inner_folders():
    assert "wordprocessingml" in validate_evidence_file(upload("surat.docx"))
    assert "spreadsheetml" in validate_evidence_file(upload("anggaran.xlsx"))
    assert "presentationml" in validate_evidence_file(upload("paparan.pptx"))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kosong.pdf", b"", "kosong"),
        ("program.pdf", b"MZ\x90\x00" + b"\x00" * 64, "tidak diizinkan"),
        ("catatan.pdf", b"just some text, not a pdf", "tidak diizinkan"),
        ("arsip.docx", SAMPLES["surat.docx"].replace(b"word/", b"misc/"), "tidak diizinkan"),
        ("foto.pdf", SAMPLES["foto.png"], "tidak sesuai"),
        ("laporan.exe", SAMPLES["laporan.pdf"], "tidak sesuai"),
    ],
)
def test_it_refuses_bad_files_with_a_clear_message(name, content, message):
    with pytest.raises(ValidationError) as refused:
        validate_evidence_file(SimpleUploadedFile(name, content))
    assert message in refused.value.messages[0]


def test_it_refuses_a_file_over_the_limit_naming_the_limit(settings):
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("besar.pdf", SAMPLES["laporan.pdf"] + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        validate_evidence_file(big)
    assert "1 MB" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\rina\\Laporan Akhir.pdf", "Laporan Akhir.pdf"),
        ("lap<script>oran\x00.pdf", "lapscriptoran.pdf"),
        ("../.pdf", "berkas.pdf"),
        ("Data Dukung (final) - v2.docx", "Data Dukung (final) - v2.docx"),
    ],
)
def test_it_cleans_the_display_name(raw, clean):
    assert clean_display_name(raw) == clean


def test_it_stores_an_upload_under_a_random_name(login, operator, draft):
    response = login(operator).post(
        _upload_url(draft), {"file": upload("laporan.pdf", None)}, follow=True
    )
    evidence = Evidence.objects.get()
    assert "laporan.pdf" in response.content.decode()
    assert evidence.original_name == "laporan.pdf"
    assert evidence.file.name.startswith("evidence/") and "laporan" not in evidence.file.name
    assert evidence.file.name.endswith(".pdf")
    assert evidence.content_type == "application/pdf"
    assert (evidence.uploaded_by, evidence.kind) == (operator, EvidenceKind.PROPOSAL)


def test_it_keeps_only_the_last_part_of_a_name_with_path_parts(login, operator, draft):
    sneaky = SimpleUploadedFile("../../../laporan.pdf", SAMPLES["laporan.pdf"])
    login(operator).post(_upload_url(draft), {"file": sneaky})
    evidence = Evidence.objects.get()
    assert evidence.original_name == "laporan.pdf"
    assert ".." not in evidence.file.name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kosong.pdf", b"", "Berkas kosong"),
        ("program.pdf", b"MZ\x90\x00" + b"\x00" * 64, "tidak diizinkan"),
    ],
)
def test_it_refuses_a_bad_upload_in_the_browser(login, operator, draft, name, content, message):
    response = login(operator).post(
        _upload_url(draft), {"file": SimpleUploadedFile(name, content)}, follow=True
    )
    assert not Evidence.objects.exists()
    assert message in response.content.decode()


def test_it_names_the_limit_when_an_upload_is_too_big(login, operator, draft, settings):
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("besar.pdf", SAMPLES["laporan.pdf"] + b"0" * (1024 * 1024 + 1))
    response = login(operator).post(_upload_url(draft), {"file": big}, follow=True)
    assert not Evidence.objects.exists()
    assert "1 MB" in response.content.decode()


def test_it_downloads_as_an_attachment_for_readers(login, operator, reviewer, leader, draft):
    evidence = evidence_attach(initiative=draft, uploaded_file=upload("laporan.pdf"), by=operator)
    url = reverse("initiatives:evidence_download", args=[draft.pk, evidence.pk])
    for user in (operator, reviewer, leader):
        response = login(user).get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert "laporan.pdf" in response["Content-Disposition"]
        assert b"".join(response.streaming_content) == SAMPLES["laporan.pdf"]


def test_it_never_serves_evidence_under_the_media_url(client, operator, draft):
    evidence = evidence_attach(initiative=draft, uploaded_file=upload("laporan.pdf"), by=operator)
    assert client.get(evidence.file.url).status_code == 404


def test_it_deletes_a_file_while_the_draft_is_editable(
    login, operator, draft, django_capture_on_commit_callbacks
):
    evidence = evidence_attach(initiative=draft, uploaded_file=upload("laporan.pdf"), by=operator)
    storage, name = evidence.file.storage, evidence.file.name
    url = reverse("initiatives:evidence_delete", args=[draft.pk, evidence.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = login(operator).post(url)
    assert response.status_code == 302
    assert not Evidence.objects.exists()
    assert not storage.exists(name)


def test_it_refuses_deleting_once_submitted(login, operator, bureau_admin, draft):
    evidence = evidence_attach(initiative=draft, uploaded_file=upload("laporan.pdf"), by=operator)
    set_status(draft, Status.SUBMITTED)
    url = reverse("initiatives:evidence_delete", args=[draft.pk, evidence.pk])
    response = login(operator).post(url, follow=True)
    assert "hanya dapat dihapus" in response.content.decode()
    assert login(bureau_admin).post(url).status_code == 403
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_it_refuses_uploads_once_submitted(login, operator, draft):
    set_status(draft, Status.SUBMITTED)
    response = login(operator).post(_upload_url(draft), {"file": upload("laporan.pdf")})
    assert response.status_code == 403
    assert not Evidence.objects.exists()
