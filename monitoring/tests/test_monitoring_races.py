"""Two real database connections doing the same monitoring step at the same moment:
exactly one wins, the other gets a clear message, and the record shows one event.

PostgreSQL only (SQLite serialises every writer, so these races cannot happen there).
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.utils import timezone

from accounts.tests.factories import BureauAdminFactory, OperatorFactory
from core.calendar import open_periods
from core.workflow import Status
from initiatives.models import Evidence, Milestone, StatusChange

from ..models import ProgressReport
from ..services import milestone_mark_done, milestone_verify, report_submit
from .monitoring_helpers import pdf, running_initiative

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="parallel writers need PostgreSQL (SQLite locks the whole database)",
    ),
]


def race(*jobs):
    """Run each job in its own thread and connection, released at the same instant.
    Returns the outcomes: "ok" or the refusal message."""
    barrier = threading.Barrier(len(jobs))
    outcomes = []

    def run(job):
        close_old_connections()
        try:
            barrier.wait()
            job()
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _media_files(settings):
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize("round_number", range(3))
def test_it_verifies_a_milestone_once_when_two_admins_click_together(round_number):
    initiative = running_initiative(status=Status.IN_PROGRESS)
    milestone = initiative.milestones.first()
    Milestone.objects.filter(pk=milestone.pk).update(
        completed_on=timezone.localdate(), completion_note="Selesai."
    )
    admins = [BureauAdminFactory(), BureauAdminFactory()]

    outcomes = race(
        *[
            lambda admin=admin: milestone_verify(
                milestone=Milestone.objects.get(pk=milestone.pk), by=admin
            )
            for admin in admins
        ]
    )

    assert len(outcomes) == 2 and outcomes.count("ok") == 1, outcomes
    refusal = next(o for o in outcomes if o != "ok")
    assert "Hanya tahapan" in refusal or "Only a milestone" in refusal
    milestone.refresh_from_db()
    assert milestone.verified_by in admins and milestone.verified_at is not None


def test_it_marks_a_milestone_done_once_with_one_set_of_files(settings):
    initiative = running_initiative(status=Status.IN_PROGRESS)
    milestone = initiative.milestones.first()
    operators = [OperatorFactory(agency=initiative.agency) for _ in range(2)]

    outcomes = race(
        *[
            lambda operator=operator: milestone_mark_done(
                milestone=Milestone.objects.get(pk=milestone.pk),
                by=operator,
                completed_on=timezone.localdate(),
                note="Selesai.",
                files=[pdf()],
            )
            for operator in operators
        ]
    )

    assert len(outcomes) == 2 and outcomes.count("ok") == 1, outcomes
    assert Evidence.objects.filter(milestone=milestone).count() == 1
    assert len(_media_files(settings)) == 1


@pytest.mark.parametrize("round_number", range(3))
def test_it_stores_one_report_per_period_when_two_submit_together(settings, round_number):
    initiative = running_initiative(status=Status.APPROVED)
    period = open_periods(initiative, timezone.localdate())[0]
    operators = [OperatorFactory(agency=initiative.agency) for _ in range(2)]

    outcomes = race(
        *[
            lambda operator=operator: report_submit(
                initiative=type(initiative).objects.get(pk=initiative.pk),
                period=period,
                by=operator,
                percent_complete=20,
                achievements="SOP disusun.",
                files=[pdf()],
            )
            for operator in operators
        ]
    )

    assert len(outcomes) == 2 and outcomes.count("ok") == 1, outcomes
    refusal = next(o for o in outcomes if o != "ok")
    assert period.label in refusal
    assert ProgressReport.objects.filter(initiative=initiative).count() == 1
    # The first report starts the implementation: one timeline entry, not two.
    assert (
        StatusChange.objects.filter(initiative=initiative, to_status=Status.IN_PROGRESS).count()
        == 1
    )
    assert Evidence.objects.filter(initiative=initiative).count() == 1
    assert len(_media_files(settings)) == 1
