import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from accounts.tests.factories import PASSWORD, AgencyFactory
from core import calendar
from core.workflow import Status
from initiatives.tests.factories import RoundFactory

from .. import services
from ..imports import import_progress, parse_progress_import
from ..models import ProgressReport
from .monitoring_helpers import running_initiative


@pytest.fixture
def round_(db):
    return RoundFactory()


@pytest.fixture
def quick_wins(round_, agency):
    return [running_initiative(round=round_, agency=agency) for _ in range(2)]


@pytest.fixture
def period(round_):
    return calendar.open_periods_for_round(round_, timezone.localdate())[0]


def _csv(text, name="progres.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _xlsx(rows, name="progres.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_it_previews_good_rows_and_rejects_bad_ones_row_by_row(round_, quick_wins, period):
    a, b = quick_wins
    other_round = running_initiative(round=RoundFactory())
    draft = running_initiative(round=round_, status=Status.DRAFT)
    text = "\n".join(
        [
            "id,quick_win,agency,percent_complete,notes",
            f"{a.pk},A,X,35,Rapat",
            f"{b.pk},B,X,101,terlalu",
            f"{b.pk},B,X,abc,huruf",
            "999999,?,?,10,tidak ada",
            f"{other_round.pk},?,?,10,periode lain",
            f"{draft.pk},?,?,10,draf",
            "x1,?,?,10,id rusak",
            f"{a.pk},A,X,40,dua kali",
        ]
    )
    accepted, rejected = parse_progress_import(
        round_=round_, period=period, uploaded_file=_csv(text)
    )
    assert [(r.initiative_id, r.percent) for r in accepted] == [(a.pk, 35)]
    assert [r.line for r in rejected] == [3, 4, 5, 6, 7, 8, 9]
    assert all(r.errors for r in rejected)
    assert not ProgressReport.objects.exists()  # the preview saves nothing


def test_it_reads_xlsx_and_refuses_wrong_columns(round_, quick_wins, period):
    a, _b = quick_wins
    accepted, rejected = parse_progress_import(
        round_=round_,
        period=period,
        uploaded_file=_xlsx([["id", "percent_complete", "notes"], [a.pk, 50.0, "ok"]]),
    )
    assert [(r.initiative_id, r.percent) for r in accepted] == [(a.pk, 50)] and not rejected
    with pytest.raises(ValidationError) as error:
        parse_progress_import(
            round_=round_, period=period, uploaded_file=_xlsx([["kode", "persen"], [a.pk, 50]])
        )
    assert "percent_complete" in error.value.messages[0]


def test_it_refuses_a_fake_xlsx_and_other_files(round_, period):
    with pytest.raises(ValidationError):
        parse_progress_import(
            round_=round_, period=period, uploaded_file=SimpleUploadedFile("a.xlsx", b"not a zip")
        )
    with pytest.raises(ValidationError):
        parse_progress_import(
            round_=round_, period=period, uploaded_file=SimpleUploadedFile("a.pdf", b"%PDF")
        )


def test_it_rejects_a_second_report_for_the_period(round_, quick_wins, period, operator):
    a, _b = quick_wins
    services.report_submit(
        initiative=a, period=period, by=operator, percent_complete=10, achievements="x"
    )
    accepted, rejected = parse_progress_import(
        round_=round_, period=period, uploaded_file=_csv(f"id,percent_complete,notes\n{a.pk},20,x")
    )
    assert not accepted and rejected[0].errors


def test_confirm_saves_all_or_nothing(round_, quick_wins, period, bureau_admin, operator):
    a, b = quick_wins
    rows = [
        {"line": 2, "initiative_id": a.pk, "percent": 30, "notes": "ok"},
        {"line": 3, "initiative_id": b.pk, "percent": 40, "notes": ""},
    ]
    # b got a report in the meantime: the whole import is refused
    services.report_submit(
        initiative=b, period=period, by=operator, percent_complete=10, achievements="x"
    )
    with pytest.raises(ValidationError) as error:
        import_progress(round_=round_, period=period, rows=rows, by=bureau_admin)
    assert "3" in error.value.messages[0]
    assert not ProgressReport.objects.filter(initiative=a).exists()
    a.refresh_from_db()
    assert a.status == Status.APPROVED
    assert import_progress(round_=round_, period=period, rows=rows[:1], by=bureau_admin) == 1
    report = ProgressReport.objects.get(initiative=a)
    assert report.percent_complete == 30 and report.read_at is not None
    a.refresh_from_db()
    assert a.status == Status.IN_PROGRESS


def test_the_upload_preview_confirm_flow(client, bureau_admin, round_, quick_wins, period):
    a, b = quick_wins
    client.login(username=bureau_admin.username, password=PASSWORD)
    template = client.get(reverse("monitoring:import_template", args=[round_.pk]))
    sheet = load_workbook(io.BytesIO(template.content)).active
    assert [c.value for c in sheet[1]] == ["id", "quick_win", "agency", "percent_complete", "notes"]
    assert {sheet.cell(row=r, column=1).value for r in (2, 3)} == {a.pk, b.pk}
    csv_template = client.get(
        reverse("monitoring:import_template", args=[round_.pk]), {"format": "csv"}
    )
    assert csv_template["Content-Type"].startswith("text/csv")

    url = reverse("monitoring:import", args=[round_.pk])
    upload = _csv(f"id,percent_complete,notes\n{a.pk},25,Rapat\n{b.pk},200,salah")
    response = client.post(url, {"period": period.key, "file": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="rejected-rows"' in body and 'data-testid="accepted-rows"' in body
    assert not ProgressReport.objects.exists()
    confirm = client.post(reverse("monitoring:import_confirm", args=[round_.pk]))
    assert confirm.status_code == 302
    assert list(ProgressReport.objects.values_list("initiative_id", "percent_complete")) == [
        (a.pk, 25)
    ]
    # the preview is used once
    again = client.post(reverse("monitoring:import_confirm", args=[round_.pk]))
    assert again.status_code == 302
    assert ProgressReport.objects.count() == 1


def test_a_file_with_wrong_columns_shows_the_error_beside_the_field(
    client, bureau_admin, round_, period
):
    client.login(username=bureau_admin.username, password=PASSWORD)
    response = client.post(
        reverse("monitoring:import", args=[round_.pk]),
        {"period": period.key, "file": _csv("a,b\n1,2")},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_agencies_cannot_import(client, operator, round_):
    AgencyFactory()
    client.login(username=operator.username, password=PASSWORD)
    assert client.get(reverse("monitoring:import", args=[round_.pk])).status_code == 404
    assert client.get(reverse("monitoring:import_template", args=[round_.pk])).status_code == 404
    assert client.post(reverse("monitoring:import_confirm", args=[round_.pk])).status_code == 404
