from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import PASSWORD
from core.workflow import Status
from initiatives.models import EvidenceKind

from .. import services
from .monitoring_helpers import pdf, running_initiative


@pytest.fixture
def running(agency):
    return running_initiative(agency=agency, status=Status.IN_PROGRESS)


def _finish_all(initiative, by):
    for milestone in initiative.milestones.all():
        services.milestone_mark_done(
            milestone=milestone, by=by, completed_on=timezone.localdate(), note="x", files=[pdf()]
        )


def _actuals(initiative, value=Decimal("5")):
    return {i.pk: value for i in initiative.indicators.all()}


def test_it_refuses_completion_with_open_milestones(running, operator):
    with pytest.raises(ValidationError) as error:
        services.completion_request(
            initiative=running,
            by=operator,
            actuals=_actuals(running),
            final_summary="Ok",
            files=[pdf()],
        )
    assert "Tahap" in " ".join(error.value.messages)
    running.refresh_from_db()
    assert running.status == Status.IN_PROGRESS
    assert running.final_summary == ""
    assert running.indicators.get().actual is None  # nothing half-saved


def test_it_completes_with_actuals_summary_and_evidence(running, operator):
    _finish_all(running, operator)
    services.completion_request(
        initiative=running,
        by=operator,
        actuals=_actuals(running),
        final_summary="Tuntas",
        files=[pdf()],
    )
    running.refresh_from_db()
    assert running.status == Status.COMPLETED
    assert running.final_summary == "Tuntas"
    assert running.indicators.get().actual == Decimal("5")
    assert running.evidence.filter(kind=EvidenceKind.COMPLETION).count() == 1


def test_it_needs_every_actual_value_and_a_file(running, operator):
    _finish_all(running, operator)
    with pytest.raises(ValidationError) as error:
        services.completion_request(
            initiative=running, by=operator, actuals={}, final_summary="", files=[]
        )
    assert {"__all__", "final_summary", "files"} <= set(error.value.error_dict)


def test_the_bureau_cancels_with_a_reason(running, bureau_admin):
    with pytest.raises(ValidationError):
        services.initiative_cancel(initiative=running, by=bureau_admin, reason="")
    services.initiative_cancel(initiative=running, by=bureau_admin, reason="Anggaran dicoret")
    running.refresh_from_db()
    assert running.status == Status.CANCELLED


def test_the_completion_view(client, running, operator):
    _finish_all(running, operator)
    client.login(username=operator.username, password=PASSWORD)
    url = reverse("monitoring:completion", args=[running.pk])
    indicator = running.indicators.get()
    bad = client.post(url, {f"actual_{indicator.pk}": "lima", "final_summary": "Tuntas"})
    assert bad.status_code == 200
    assert "Tuntas" in bad.content.decode()
    good = client.post(
        url,
        {
            f"actual_{indicator.pk}": "4,5".replace(",", "."),
            "final_summary": "Tuntas",
            "files": [pdf()],
        },
    )
    assert good.status_code == 302
    running.refresh_from_db()
    assert running.status == Status.COMPLETED


def test_the_cancel_view(client, running, bureau_admin):
    client.login(username=bureau_admin.username, password=PASSWORD)
    url = reverse("monitoring:cancel", args=[running.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "Tidak relevan"}).status_code == 302
    running.refresh_from_db()
    assert running.status == Status.CANCELLED
