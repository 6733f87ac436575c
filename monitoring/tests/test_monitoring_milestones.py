import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import PASSWORD
from core.workflow import Status
from initiatives.models import EvidenceKind, Initiative

from .. import services
from ..signals import milestone_sent_back
from .monitoring_helpers import pdf, running_initiative, text_file


@pytest.fixture
def approved(agency):
    return running_initiative(agency=agency)


def _first(initiative):
    return initiative.milestones.order_by("due_date").first()


def test_it_marks_a_milestone_done_with_evidence(approved, operator):
    milestone = _first(approved)
    services.milestone_mark_done(
        milestone=milestone,
        by=operator,
        completed_on=timezone.localdate(),
        note="Selesai",
        files=[pdf()],
    )
    milestone.refresh_from_db()
    assert milestone.completed_on == timezone.localdate()
    assert milestone.completed_by == operator
    evidence = milestone.evidence.get()
    assert evidence.kind == EvidenceKind.MILESTONE
    assert evidence.content_type == "application/pdf"
    assert Initiative.objects.with_progress().get(pk=approved.pk).progress_pct == 50


def test_it_refuses_done_without_evidence(approved, operator):
    milestone = _first(approved)
    with pytest.raises(ValidationError) as error:
        services.milestone_mark_done(
            milestone=milestone, by=operator, completed_on=timezone.localdate(), note="x", files=[]
        )
    assert "files" in error.value.error_dict
    milestone.refresh_from_db()
    assert milestone.completed_on is None


def test_it_refuses_a_fake_pdf_and_saves_nothing(approved, operator):
    milestone = _first(approved)
    with pytest.raises(ValidationError):
        services.milestone_mark_done(
            milestone=milestone,
            by=operator,
            completed_on=timezone.localdate(),
            note="x",
            files=[text_file()],
        )
    milestone.refresh_from_db()
    assert milestone.completed_on is None
    assert not milestone.evidence.exists()


def test_it_refuses_a_future_completion_date(approved, operator):
    with pytest.raises(ValidationError):
        services.milestone_mark_done(
            milestone=_first(approved),
            by=operator,
            completed_on=timezone.localdate() + datetime.timedelta(days=1),
            note="x",
            files=[pdf()],
        )


def test_it_refuses_marking_on_a_draft(agency, operator):
    draft = running_initiative(agency=agency, status=Status.DRAFT)
    with pytest.raises(PermissionDenied):
        services.milestone_mark_done(
            milestone=_first(draft),
            by=operator,
            completed_on=timezone.localdate(),
            note="x",
            files=[pdf()],
        )


def test_the_bureau_verifies_then_progress_counts_it_apart(approved, operator, bureau_admin):
    milestone = _first(approved)
    services.milestone_mark_done(
        milestone=milestone, by=operator, completed_on=timezone.localdate(), note="x", files=[pdf()]
    )
    services.milestone_verify(milestone=milestone, by=bureau_admin)
    annotated = Initiative.objects.with_progress().get(pk=approved.pk)
    assert (annotated.progress_pct, annotated.verified_pct) == (50, 50)
    with pytest.raises(ValidationError):
        services.milestone_verify(milestone=milestone, by=bureau_admin)


def test_the_agency_cannot_verify(approved, operator):
    milestone = _first(approved)
    services.milestone_mark_done(
        milestone=milestone, by=operator, completed_on=timezone.localdate(), note="x", files=[pdf()]
    )
    with pytest.raises(PermissionDenied):
        services.milestone_verify(milestone=milestone, by=operator)


def test_send_back_reopens_the_milestone_and_signals_on_commit(
    approved, operator, bureau_admin, django_capture_on_commit_callbacks
):
    milestone = _first(approved)
    services.milestone_mark_done(
        milestone=milestone, by=operator, completed_on=timezone.localdate(), note="x", files=[pdf()]
    )
    received = []

    def listener(sender, milestone, actor, reason, **kwargs):
        received.append((milestone.pk, actor.pk, reason))

    milestone_sent_back.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.milestone_send_back(milestone=milestone, by=bureau_admin, reason="Foto buram")
    finally:
        milestone_sent_back.disconnect(listener)
    milestone.refresh_from_db()
    assert milestone.completed_on is None
    assert milestone.sent_back_reason == "Foto buram"
    assert milestone.sent_back_by == bureau_admin
    assert milestone.evidence.count() == 1  # kept as history
    assert received == [(milestone.pk, bureau_admin.pk, "Foto buram")]


def test_send_back_needs_a_reason(approved, bureau_admin, operator):
    milestone = _first(approved)
    services.milestone_mark_done(
        milestone=milestone, by=operator, completed_on=timezone.localdate(), note="x", files=[pdf()]
    )
    with pytest.raises(ValidationError):
        services.milestone_send_back(milestone=milestone, by=bureau_admin, reason="  ")


def test_the_done_view_keeps_input_and_explains_a_missing_file(client, approved, operator):
    client.login(username=operator.username, password=PASSWORD)
    url = reverse("monitoring:milestone_done", args=[_first(approved).pk])
    response = client.post(
        url, {"completed_on": timezone.localdate().isoformat(), "note": "Sudah rapat"}
    )
    assert response.status_code == 200
    assert "Sudah rapat" in response.content.decode()
    assert response.context["form"].errors["files"]


def test_the_done_view_marks_and_redirects(client, approved, operator):
    client.login(username=operator.username, password=PASSWORD)
    milestone = _first(approved)
    response = client.post(
        reverse("monitoring:milestone_done", args=[milestone.pk]),
        {
            "completed_on": timezone.localdate().isoformat(),
            "note": "Rapat",
            "files": [pdf(), pdf("b.pdf")],
        },
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.is_done
    assert milestone.evidence.count() == 2


def test_the_verify_and_send_back_views(client, approved, operator, bureau_admin):
    milestone = _first(approved)
    services.milestone_mark_done(
        milestone=milestone, by=operator, completed_on=timezone.localdate(), note="x", files=[pdf()]
    )
    client.login(username=bureau_admin.username, password=PASSWORD)
    assert (
        client.post(reverse("monitoring:milestone_verify", args=[milestone.pk])).status_code == 302
    )
    milestone.refresh_from_db()
    assert milestone.verified_at is not None
    response = client.post(
        reverse("monitoring:milestone_send_back", args=[milestone.pk]), {"reason": ""}
    )
    assert response.status_code == 200
    response = client.post(
        reverse("monitoring:milestone_send_back", args=[milestone.pk]), {"reason": "Kurang bukti"}
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert not milestone.is_done
