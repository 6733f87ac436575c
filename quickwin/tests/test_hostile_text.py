"""Text typed by an agency is data, never code: in spreadsheets (formula injection), in
pages and in emails (HTML/script injection)."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from core.exports import safe_cell, safe_row
from quickwin.tests.conftest import build_world
from reminders.services import flush_outbox

FORMULA = '=HYPERLINK("http://evil.example","klik")'
SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+62 812", "'+62 812"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Layanan = cepat", "Layanan = cepat"),
        ("", ""),
        (None, None),
        (-5, -5),
        (12.5, 12.5),
    ],
)
def test_it_neutralises_only_text_a_spreadsheet_would_run(value, expected):
    assert safe_cell(value) == expected


def test_it_neutralises_a_whole_row():
    assert safe_row(["=A1", 3, "ok"]) == ["'=A1", 3, "ok"]


@pytest.fixture
def formula_world(db):
    return build_world(text=FORMULA)


def _xlsx_cells(content):
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def _assert_no_formula_and_found(cells):
    found = 0
    for cell in cells:
        assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
        if isinstance(cell.value, str):
            assert not cell.value.startswith(("=", "+", "@")), cell.value
            found += cell.value == "'" + FORMULA
    assert found, "the hostile text is not in the export at all"
    return found


def test_it_neutralises_the_review_board_xlsx(client, formula_world):
    users, objects = formula_world
    client.force_login(users["admin"])
    url = reverse("evaluations:export_xlsx", args=[objects["round"].pk])
    found = _assert_no_formula_and_found(_xlsx_cells(client.get(url).content))
    assert found >= 2  # the title on the board and the reviewer's note on the reviews sheet


def test_it_neutralises_the_review_board_csv(client, formula_world):
    users, objects = formula_world
    client.force_login(users["admin"])
    url = reverse("evaluations:export_csv", args=[objects["round"].pk])
    text = client.get(url).content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + FORMULA in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@"))]


def test_it_neutralises_the_dashboard_xlsx(client, formula_world):
    users, objects = formula_world
    client.force_login(users["leader"])
    response = client.get(reverse("dashboard:export_xlsx"), {"round": objects["round"].pk})
    content = b"".join(response.streaming_content)
    _assert_no_formula_and_found(_xlsx_cells(content))


def test_it_neutralises_the_monitoring_import_templates(client, formula_world):
    users, objects = formula_world
    client.force_login(users["admin"])
    url = reverse("monitoring:import_template", args=[objects["round"].pk])
    _assert_no_formula_and_found(_xlsx_cells(client.get(url).content))
    text = client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + FORMULA in cells


@pytest.fixture
def script_world(db):
    return build_world(text=SCRIPT)


@pytest.mark.parametrize(
    ("role", "name", "kind"),
    [
        ("operator", "initiatives:detail", "initiative"),
        ("admin", "initiatives:detail", "initiative"),
        ("operator", "initiatives:mine", None),
        ("admin", "initiatives:list", None),
        ("admin", "monitoring:initiative", "initiative"),
        ("admin", "monitoring:board", "round"),
        ("admin", "evaluations:board", "round"),
        ("reviewer", "evaluations:review", "assignment"),
        ("reviewer", "evaluations:my_reviews", None),
        ("admin", "dashboard:control_room", None),
        ("leader", "dashboard:index", None),
        ("leader", "dashboard:briefing", None),
        ("operator", "reminders:list", None),
        ("reviewer", "reminders:list", None),
    ],
)
def test_it_renders_script_typed_into_text_fields_escaped(client, script_world, role, name, kind):
    users, objects = script_world
    client.force_login(users[role])
    if kind == "round":
        url = reverse(name, args=[objects["round"].pk])
    elif kind:
        url = reverse(name, args=[objects[kind].pk])
    else:
        url = reverse(name)
    params = {"round": objects["round"].pk} if name.startswith("dashboard:") else {}
    response = client.get(url, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert SCRIPT not in html
    if name in {"initiatives:detail", "monitoring:initiative", "evaluations:review"}:
        assert ESCAPED in html


def test_it_escapes_script_in_the_notification_email(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        build_world(text=SCRIPT)  # the notifications are written when each step commits
    flush_outbox()
    assert mail.outbox, "the assignment and decision notifications were not emailed"
    for message in mail.outbox:
        html = message.alternatives[0][0]
        assert SCRIPT not in html
    assert any(ESCAPED in message.alternatives[0][0] for message in mail.outbox)
