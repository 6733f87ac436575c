import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from initiatives.evidence import clean_display_name as clean_original_name
from initiatives.evidence import validate_evidence_file
from initiatives.models import EvidenceKind
from initiatives.services import evidence_attach
from initiatives.tests.factories import InitiativeFactory

from .monitoring_helpers import PDF_BYTES, PNG_BYTES


def test_it_accepts_pdf_and_png_by_content():
    assert validate_evidence_file(SimpleUploadedFile("a.pdf", PDF_BYTES)) == "application/pdf"
    assert validate_evidence_file(SimpleUploadedFile("foto.png", PNG_BYTES)) == "image/png"


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("kosong.pdf", b""),
        SimpleUploadedFile("skrip.pdf", b"#!/bin/sh\necho hi\n"),
        SimpleUploadedFile("a.exe", b"MZ\x90\x00" + b"\x00" * 60),
    ],
)
def test_it_refuses_empty_and_disguised_files(upload):
    with pytest.raises(ValidationError):
        validate_evidence_file(upload)


def test_it_refuses_a_file_over_the_limit(settings):
    settings.EVIDENCE_MAX_UPLOAD_MB = 0
    with pytest.raises(ValidationError):
        validate_evidence_file(SimpleUploadedFile("a.pdf", PDF_BYTES))


def test_it_cleans_the_display_name():
    assert clean_original_name("../../etc/pass<wd>.pdf") == "passwd.pdf"
    assert clean_original_name("C:\\Users\\x\\laporan.pdf") == "laporan.pdf"


def test_it_stores_under_a_random_name(db, operator):
    initiative = InitiativeFactory(agency=operator.agency)
    evidence = evidence_attach(
        initiative=initiative,
        uploaded_file=SimpleUploadedFile("Laporan Akhir.pdf", PDF_BYTES),
        by=operator,
        kind=EvidenceKind.COMPLETION,
    )
    assert evidence.original_name == "Laporan Akhir.pdf"
    assert "Laporan" not in evidence.file.name
    assert evidence.size == len(PDF_BYTES)
