"""Hostile uploads through the real upload page: each is refused with an Indonesian message
and nothing reaches storage (MEDIA_ROOT stays empty)."""

import io
import unicodedata
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives.evidence import validate_evidence_file
from initiatives.models import Evidence

from .helpers import SAMPLES

PDF = SAMPLES["laporan.pdf"]


def _zip(entries, content_types=True):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if content_types:
            archive.writestr("[Content_Types].xml", "<Types/>")
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def _declared_bomb():
    """A DOCX whose central directory claims a 4 GB part (the sizes are patched, not real)."""
    raw = bytearray(_zip([("word/document.xml", b"<x/>" * 10)]))
    directory = raw.rfind(b"PK\x01\x02")
    while directory != -1:
        raw[directory + 24 : directory + 28] = (0xFFFF0000).to_bytes(4, "little")
        directory = raw.rfind(b"PK\x01\x02", 0, directory)
    return bytes(raw)


def _html_polyglot():
    return PDF.replace(b"%%EOF", b"<html><script>alert(1)</script></html>\n%%EOF")


HOSTILE = [
    # (label, file name, content, expected Indonesian words in the message)
    ("zero bytes", "kosong.pdf", b"", "kosong"),
    ("wrong magic: an exe named pdf", "laporan.pdf", b"MZ\x90\x00" + b"\x00" * 200, "tidak"),
    ("wrong magic: html named pdf", "laporan.pdf", b"<html><body>x</body></html>", "tidak"),
    ("wrong magic: png named docx", "surat.docx", SAMPLES["foto.png"], "tidak sesuai"),
    ("plain zip named docx", "surat.docx", _zip([("a.txt", b"x")], False), "tidak"),
    ("polyglot: PDF then HTML", "laporan.pdf", _html_polyglot(), "kode halaman web"),
    ("polyglot: PDF then ZIP", "laporan.pdf", PDF + _zip([("a.txt", b"x")]), "arsip"),
    ("polyglot: PNG then HTML", "foto.png", SAMPLES["foto.png"] + b"<script>x</script>", "web"),
    ("PDF with data after its end", "laporan.pdf", PDF + b"\x00" * 2048, "PDF"),
    (
        "zip bomb: 3000 parts in a docx",
        "surat.docx",
        _zip([(f"word/p{i}.xml", b"") for i in range(3000)]),
        "bom zip",
    ),
    (
        "zip bomb: 300 MB of zeros in an xlsx",
        "anggaran.xlsx",
        _zip([("xl/workbook.xml", b"\x00" * (300 * 1024 * 1024))]),
        "bom zip",
    ),
    ("zip bomb: declared 4 GB part in a docx", "surat.docx", _declared_bomb(), "bom zip"),
    ("very long name", "a" * 300 + ".pdf", PDF, "terlalu panjang"),
]

# Names with hidden characters: Django's upload parser already drops some of them before
# our check runs, so they are tested on the validator itself and then through the page.
HIDDEN_NAMES = ["laporan\u202efdp.exe.pdf", "lapor\x07an.pdf", "lapo\u200bran.pdf"]


def _media_files(settings):
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    ("label", "name", "content", "words"), HOSTILE, ids=[h[0] for h in HOSTILE]
)
def test_it_refuses_a_hostile_upload_and_stores_nothing(
    login, operator, draft, settings, label, name, content, words
):
    response = login(operator).post(
        reverse("initiatives:evidence_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert any(words in m for m in shown), (label, shown)
    assert not Evidence.objects.exists()
    assert _media_files(settings) == []


@pytest.mark.parametrize("name", HIDDEN_NAMES)
def test_it_refuses_names_with_hidden_characters(name):
    with pytest.raises(ValidationError) as refused:
        validate_evidence_file(SimpleUploadedFile(name, PDF))
    assert "karakter" in refused.value.messages[0]


@pytest.mark.parametrize("name", HIDDEN_NAMES)
def test_it_never_stores_a_name_with_hidden_characters(login, operator, draft, name):
    login(operator).post(
        reverse("initiatives:evidence_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile(name, PDF)},
    )
    for evidence in Evidence.objects.all():
        assert all(unicodedata.category(c)[0] != "C" for c in evidence.original_name)


def test_it_refuses_an_oversized_upload_and_stores_nothing(login, operator, draft, settings):
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("besar.pdf", PDF + b"0" * (1024 * 1024 + 1))
    response = login(operator).post(
        reverse("initiatives:evidence_upload", args=[draft.pk]), {"file": big}, follow=True
    )
    assert any("1 MB" in str(m) for m in response.context["messages"])
    assert not Evidence.objects.exists()
    assert _media_files(settings) == []


@pytest.mark.parametrize(
    "name", ["Laporan Kegiatan – Samarinda é.pdf", "laporan_ü_2027.pdf", "ベトナム.pdf"]
)
def test_it_still_accepts_honest_unicode_names(login, operator, draft, settings, name):
    login(operator).post(
        reverse("initiatives:evidence_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile(name, PDF)},
    )
    evidence = Evidence.objects.get()
    assert evidence.original_name.endswith(".pdf")
    assert len(_media_files(settings)) == 1


def test_it_still_accepts_an_honest_office_file_with_many_parts(login, operator, draft):
    honest = _zip([(f"word/media/image{i}.png", b"\x89PNG" + b"x" * 2000) for i in range(200)])
    login(operator).post(
        reverse("initiatives:evidence_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile("surat.docx", honest)},
    )
    assert Evidence.objects.count() == 1
