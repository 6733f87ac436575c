"""The XLSX opens with openpyxl and holds the dashboard's numbers; the briefing prints."""

import datetime
import io

import openpyxl
from django.urls import reverse
from django.utils import timezone

from dashboard.exports import sheet_titles
from initiatives.models import Initiative
from initiatives.services import transition
from initiatives.tests.factories import complete_initiative


def download(client, round_):
    response = client.get(reverse("dashboard:export_xlsx"), {"round": round_.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment;" in response["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_it_exports_every_table_and_the_register(client, known_round, leader):
    client.force_login(leader)
    workbook = download(client, known_round["round"])

    assert workbook.sheetnames == [str(t) for t in sheet_titles()]
    summary, areas, agencies, heat, months, speed, register = workbook.worksheets
    figures = {row[0]: row[1] for row in summary.iter_rows(values_only=True)}
    assert known_round["round"].name in [row[1] for row in summary.iter_rows(values_only=True)]
    assert 4 in figures.values()  # proposed
    assert areas.max_row == 1 + 8
    agency_rows = {row[0]: row for row in agencies.iter_rows(min_row=2, values_only=True)}
    a = agency_rows[known_round["a"].name]
    assert a[1:4] == (3, 2, 70.0)
    assert heat.max_row == 1 + 2  # both agencies proposed something
    assert months.max_row > 1
    by_id = {row[0]: row for row in register.iter_rows(min_row=2, values_only=True)}
    on_track = by_id[known_round["on_track"].pk]
    assert on_track[1] == known_round["on_track"].title
    assert (on_track[5], on_track[6], on_track[7], on_track[8]) == (
        80,
        "BB",
        50,
        50,
    )  # A needs more than 80
    assert on_track[11].date() == known_round["on_track"].start_date  # a real date cell
    off_track = by_id[known_round["off_track"].pk]
    assert (off_track[7], off_track[8], off_track[10]) == (0, 60, 1)
    ids = sorted(by_id)
    assert ids == sorted(
        Initiative.objects.filter(round=known_round["round"]).values_list("pk", flat=True)
    )


def test_it_prints_a_briefing_with_the_round_name(client, known_round, leader):
    client.force_login(leader)
    response = client.get(reverse("dashboard:briefing"), {"round": known_round["round"].pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert known_round["round"].name in html
    assert "data-print" in html
    assert 'data-testid="overdue-list"' in html  # the off-track quick win's overdue milestone


def test_it_writes_the_submission_time_in_wita(client, open_round, operator, leader):
    """Raw SQL returns naive UTC datetimes on SQLite and aware ones on PostgreSQL."""
    initiative = complete_initiative(round=open_round, agency=operator.agency, created_by=operator)
    transition(initiative=initiative, action="submit", by=operator)
    initiative.refresh_from_db()
    client.force_login(leader)

    register = download(client, open_round).worksheets[-1]

    row = next(r for r in register.iter_rows(min_row=2, values_only=True) if r[0] == initiative.pk)
    wita = timezone.localtime(initiative.submitted_at).replace(tzinfo=None)
    assert abs(row[13] - wita) < datetime.timedelta(seconds=1)
