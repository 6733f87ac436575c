"""Builders shared by the monitoring tests: quick wins put straight into a state, and files."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from core.workflow import Status
from initiatives.models import Initiative, Round
from initiatives.tests.factories import IndicatorFactory, InitiativeFactory, MilestoneFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32


def pdf(name="bukti.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def text_file(name="catatan.pdf"):
    return SimpleUploadedFile(name, b"just text pretending", content_type="application/pdf")


def set_status(initiative, status):
    """Test set-up only: put a quick win in a state without walking the whole workflow."""
    Initiative.objects.filter(pk=initiative.pk).update(status=status)
    initiative.status = status
    return initiative


def fixed_round(start=datetime.date(2027, 1, 1), end=datetime.date(2027, 12, 31), **kwargs):
    return Round.objects.create(
        name=kwargs.pop("name", "Quick Win RB Mandiri 2027"),
        year=start.year,
        submission_opens=start - datetime.timedelta(days=60),
        submission_closes=start - datetime.timedelta(days=30),
        review_deadline=start - datetime.timedelta(days=10),
        implementation_start=start,
        implementation_end=end,
        **kwargs,
    )


def running_initiative(
    *, status=Status.APPROVED, round=None, agency=None, weights=(50, 50), offsets=(30, 90), **kwargs
):
    """An approved (or other status) quick win with one indicator and milestones."""
    extra = {"round": round} if round else {}
    if agency:
        extra["agency"] = agency
    initiative = InitiativeFactory(**extra, **kwargs)
    IndicatorFactory(initiative=initiative)
    for weight, offset in zip(weights, offsets, strict=True):
        MilestoneFactory(
            initiative=initiative,
            weight=weight,
            due_date=initiative.start_date + datetime.timedelta(days=offset),
        )
    return set_status(initiative, status)
