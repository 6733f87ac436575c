"""The bugs the form fuzzing found, each pinned by one plain test (docs/security.md lists them).

The fuzz tests (test_fuzz_*.py) reach these cases at random or as explicit examples; here each
is stated once, readably, so a regression fails with a clear name."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core import calendar
from core.exports import xlsx_cell
from core.workflow import Status
from evaluations.models import Assignment, Criterion
from evaluations.services import (
    EvaluationError,
    assign_reviewers,
    decide,
    replace_criteria,
    rubric_for_round,
)
from evaluations.tests.factories import in_review_initiative, submit_review, submitted_initiative
from initiatives.models import Initiative, Round, StatusChange
from initiatives.tests.factories import RoundFactory
from initiatives.tests.helpers import edit_data
from monitoring import services
from monitoring.imports import parse_progress_import
from monitoring.tests.monitoring_helpers import pdf, running_initiative
from quickwin.tests.fuzzing import client_for
from reminders.models import Delivery

TODAY = timezone.localdate


def test_a_rubric_row_naming_another_rubrics_criterion_is_refused(open_round, bureau_admin):
    """Was: the row was silently dropped and the stored weights added up to 80."""
    rubric = rubric_for_round(open_round)
    foreign = rubric_for_round(RoundFactory()).criteria.first()
    rows = [
        {"id": c.pk, "name": c.name, "guidance": "", "weight": c.weight}
        for c in rubric.criteria.all()
    ]
    rows[0]["id"] = foreign.pk
    with pytest.raises(EvaluationError, match="Rubrik diubah orang lain"):
        replace_criteria(rubric=rubric, rows=rows, by=bureau_admin)
    rows[0]["id"] = rows[1]["id"]  # the same criterion twice
    with pytest.raises(EvaluationError):
        replace_criteria(rubric=rubric, rows=rows, by=bureau_admin)
    assert sum(Criterion.objects.filter(rubric=rubric).values_list("weight", flat=True)) == 100


def test_a_review_due_date_in_the_past_or_after_the_round_is_refused(
    client, open_round, reviewer, bureau_admin
):
    """Was: any date was stored, 1 Jan 0001 included."""
    initiative = submitted_initiative(open_round)
    for day in (
        TODAY() - datetime.timedelta(days=1),
        open_round.implementation_end.replace(year=2099),
    ):
        with pytest.raises(EvaluationError):
            assign_reviewers(
                initiative=initiative, reviewers=[reviewer], by=bureau_admin, due_date=day
            )
    client.force_login(bureau_admin)
    url = reverse("evaluations:assign", args=[initiative.pk])
    response = client.post(url, {"reviewers": [reviewer.pk], "due_date": "2000-01-01"})
    assert response.status_code == 200
    assert "Tenggat tidak boleh di masa lalu." in response.content.decode()
    assert not Assignment.objects.exists()


def test_a_huge_id_in_a_multiple_choice_is_an_error_not_a_crash(client, open_round, bureau_admin):
    """Was: OverflowError (a 500) on SQLite for `pk IN (99999999999999999999999)`."""
    initiative = submitted_initiative(open_round)
    client.force_login(bureau_admin)
    url = reverse("evaluations:assign", args=[initiative.pk])
    response = client.post(url, {"reviewers": ["9" * 25]})
    assert response.status_code == 200
    assert response.context["form"].errors["reviewers"]


def test_a_milestone_cannot_be_done_before_the_implementation_starts(operator):
    """Was: a completion date of 1 Jan 0001 was stored."""
    initiative = running_initiative(agency=operator.agency, status=Status.IN_PROGRESS)
    milestone = initiative.milestones.first()
    too_early = initiative.round.implementation_start - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.milestone_mark_done(
            milestone=milestone, by=operator, completed_on=too_early, note="x", files=[pdf()]
        )
    assert "completed_on" in refused.value.error_dict


def test_a_draft_without_dates_keeps_milestones_inside_the_round(operator, draft):
    """Was: with the draft's dates left empty, a milestone due in year 9999 was stored."""
    client = client_for(operator)
    data = edit_data(draft, start_date="", end_date="", **{"milestones-0-due_date": "9999-12-31"})
    response = client.post(reverse("initiatives:edit", args=[draft.pk]), data)
    assert response.status_code == 200
    assert "jendela pelaksanaan" in response.content.decode()
    assert draft.milestones.filter(due_date__year=9999).count() == 0


def test_round_dates_must_lie_in_sensible_years(client, bureau_admin):
    """Was: a round ending 31 Dec 9999 was saved, and its progress import page then crashed."""
    client.force_login(bureau_admin)
    today = TODAY()
    data = {
        "name": "Periode",
        "year": str(today.year),
        "submission_opens": today.isoformat(),
        "submission_closes": today.isoformat(),
        "review_deadline": today.isoformat(),
        "implementation_start": today.isoformat(),
        "implementation_end": "9999-12-31",
        "report_cadence": "monthly",
        "report_due_day": "10",
        "max_initiatives_per_agency": "5",
        "min_reviews_for_decision": "1",
        "first_grace_days": "3",
        "second_grace_days": "7",
    }
    response = client.post(reverse("initiatives:round_create"), data)
    assert response.status_code == 200
    assert "Masukkan tanggal pada tahun 2000 sampai 2100." in response.content.decode()
    assert not Round.objects.exists()


@pytest.mark.parametrize("value", ["sNaN", "Infinity", "-Infinity", "1e999999999", "1e30"])
def test_the_import_reads_odd_numbers_as_rejected_rows(db, value):
    """Was: sNaN and Infinity raised (a 500); 1e999999999 would run for minutes."""
    round_ = RoundFactory()
    initiative = running_initiative(round=round_)
    period = calendar.open_periods_for_round(round_, TODAY())[0]
    text = f"id,percent_complete,notes\n{value},{value},x\n{initiative.pk},{value},x\n"
    upload = SimpleUploadedFile("p.csv", text.encode())
    accepted, rejected = parse_progress_import(round_=round_, period=period, uploaded_file=upload)
    assert not accepted and len(rejected) == 2


def test_control_characters_cannot_break_an_xlsx_export(client, bureau_admin, open_round):
    """Was: IllegalCharacterError (a 500) for everyone once one title held such a character."""
    assert xlsx_cell("\x01=1+1") == "'=1+1"
    running_initiative(round=open_round, status=Status.IN_PROGRESS, title="Layanan\x01\x1b cepat")
    client.force_login(bureau_admin)
    response = client.get(reverse("monitoring:import_template", args=[open_round.pk]))
    assert response.status_code == 200
    cells = [c.value for row in load_workbook(io.BytesIO(response.content)).active for c in row]
    assert "Layanan cepat" in cells


def test_a_title_with_a_line_break_is_still_emailed(
    open_round, reviewer, bureau_admin, django_capture_on_commit_callbacks
):
    """Was: the subject line broke the email header; the email was never sent."""
    initiative, (assignment,) = in_review_initiative(open_round, [reviewer], bureau_admin)
    submit_review(assignment)
    Initiative.objects.filter(pk=initiative.pk).update(title="Baris satu\nbaris dua")
    initiative.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        decide(initiative=initiative, decision="approve", by=bureau_admin)
    assert not Delivery.objects.exclude(last_error="").exists()
    assert any("Baris satu baris dua" in m.subject for m in mail.outbox)


def test_a_workflow_note_with_a_nul_character_is_refused(client, operator, draft):
    """Was: stored as posted (SQLite), a database error on PostgreSQL."""
    client.force_login(operator)
    url = reverse("initiatives:action", args=[draft.pk, "submit"])
    response = client.post(url, {"note": "a\x00b"}, follow=True)
    assert "Karakter null tidak diizinkan." in response.content.decode()
    assert not StatusChange.objects.filter(initiative=draft).exists()


def test_the_user_admin_refuses_an_agency_that_is_no_id(client, django_user_model, operator):
    """Was: ValueError (a 500) while drawing the refused form's agency field again."""
    root = django_user_model.objects.create_superuser("root", "root@example.test", "x")
    client.force_login(root)
    url = reverse("admin:accounts_user_change", args=[operator.pk])
    data = {
        "username": operator.username,
        "agency": "abc",
        "is_agency_operator": "on",
        "is_active": "on",
        "date_joined_0": "2027-01-05",
        "date_joined_1": "08:00:00",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    data["agency"] = ""
    response = client.post(url, data)
    assert "harus terdaftar pada suatu perangkat daerah" in response.content.decode()
