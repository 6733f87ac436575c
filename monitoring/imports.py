"""Bulk progress import for the bureau: a template, a row-by-row check, an all-or-nothing save.

Flow: download the template (XLSX or CSV) for a period → fill in % and notes → upload →
`parse_progress_import` checks every row and returns the accepted and rejected rows
(nothing is saved) → the bureau confirms → `import_progress` stores every accepted row
in one transaction, checking each again through `report_submit`; one failure saves none.
"""

import contextlib
import csv
import io
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import initiative_periods
from core.exports import SafeCsvWriter, SafeSheet
from core.workflow import IMPLEMENTING_STATUSES
from initiatives.models import Initiative

from .models import ProgressReport
from .services import report_submit

REQUIRED_COLUMNS = ["id", "percent_complete", "notes"]
TEMPLATE_COLUMNS = ["id", "quick_win", "agency", "percent_complete", "notes"]
MAX_ROWS = 2000


@dataclass
class ImportRow:
    line: int
    initiative_id: int | None = None
    percent: int | None = None
    notes: str = ""
    title: str = ""
    agency: str = ""
    errors: list = field(default_factory=list)

    def as_session(self):
        return {k: v for k, v in asdict(self).items() if k != "errors"}


def template_rows(*, round_):
    """The quick wins that can receive a report: header first, then one row each."""
    initiatives = (
        Initiative.objects.filter(round=round_, status__in=IMPLEMENTING_STATUSES)
        .select_related("agency")
        .order_by("agency__abbreviation", "title", "pk")
    )
    rows = [TEMPLATE_COLUMNS]
    rows += [[i.pk, i.title, i.agency.abbreviation, "", ""] for i in initiatives]
    return rows


def template_xlsx(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = SafeSheet(workbook.active)
    sheet.title = "progress"
    for row in rows:
        sheet.append(row)
    sheet.column_dimensions["B"].width = 50
    sheet.column_dimensions["E"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv(rows):
    buffer = io.StringIO()
    SafeCsvWriter(csv.writer(buffer)).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _read_table(uploaded_file):
    """The file's rows as lists of cell values, or ValidationError for an unreadable file."""
    if uploaded_file.size > settings.EVIDENCE_MAX_UPLOAD_MB * 1024 * 1024:
        raise ValidationError(_("The file is too large."))
    name = (uploaded_file.name or "").lower()
    data = uploaded_file.read()
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The CSV file must be saved as UTF-8.")) from None
        dialect = csv.excel
        with contextlib.suppress(csv.Error):
            dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
        return list(csv.reader(io.StringIO(text), dialect))
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged or fake file
            raise ValidationError(_("The XLSX file cannot be read.")) from None
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        return rows
    raise ValidationError(_("Upload an XLSX or CSV file."))


def _cell_text(value):
    return "" if value is None else str(value).strip()


def _parse_int(value):
    """An integer from a cell (12, 12.0, "12"), or None."""
    text = _cell_text(value).replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    # NaN, infinity, or too long for an id or a percent: "1e999999999" would take minutes
    # to become an int, and a 20-digit id overflows the database's integer.
    if not number.is_finite() or number.adjusted() > 15:
        return None
    if number != number.to_integral_value():
        return None
    return int(number)


def parse_progress_import(*, round_, period, uploaded_file, today=None):
    """Check every row of an upload for `period`; returns (accepted, rejected). Saves nothing.

    A file without the required columns is refused as a whole (ValidationError). A row is
    rejected when its id is not a quick win of this round that is approved or in progress,
    the id repeats, the % is not a whole number 0–100, the quick win already has a report
    for the period, the period lies outside its schedule, or a drop in % has no note.
    """
    today = today or timezone.localdate()
    table = [row for row in _read_table(uploaded_file) if any(_cell_text(c) for c in row)]
    if not table:
        raise ValidationError(_("The file is empty."))
    header = [_cell_text(c).lower() for c in table[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ValidationError(
            _("The file is missing the column(s): %(columns)s. Use the template.")
            % {"columns": ", ".join(missing)}
        )
    if len(table) - 1 > MAX_ROWS:
        raise ValidationError(_("At most %(max)s rows per file.") % {"max": MAX_ROWS})
    col = {name: header.index(name) for name in REQUIRED_COLUMNS}

    rows = []
    for line, cells in enumerate(table[1:], start=2):
        cells = list(cells) + [None] * (len(header) - len(cells))
        row = ImportRow(line=line, notes=_cell_text(cells[col["notes"]])[:5000])
        row.initiative_id = _parse_int(cells[col["id"]])
        if row.initiative_id is None:
            row.errors.append(
                _("The id “%(value)s” is not a number.") % {"value": _cell_text(cells[col["id"]])}
            )
        row.percent = _parse_int(cells[col["percent_complete"]])
        if row.percent is None or not 0 <= row.percent <= 100:
            row.errors.append(
                _("The percent “%(value)s” is not a whole number from 0 to 100.")
                % {"value": _cell_text(cells[col["percent_complete"]])}
            )
            row.percent = None
        rows.append(row)

    ids = {r.initiative_id for r in rows if r.initiative_id is not None}
    initiatives = {
        i.pk: i
        for i in Initiative.objects.filter(
            pk__in=ids, round=round_, status__in=IMPLEMENTING_STATUSES
        ).select_related("agency", "round")
    }
    reported = set(
        ProgressReport.objects.filter(initiative_id__in=ids, period_start=period.start).values_list(
            "initiative_id", flat=True
        )
    )
    previous = {}
    for initiative_id, pct in (
        ProgressReport.objects.filter(initiative_id__in=ids, period_start__lt=period.start)
        .order_by("initiative_id", "-period_start")
        .values_list("initiative_id", "percent_complete")
    ):
        previous.setdefault(initiative_id, pct)

    seen = set()
    for row in rows:
        if row.initiative_id is None:
            continue
        initiative = initiatives.get(row.initiative_id)
        if initiative is None:
            row.errors.append(
                _("No approved or running quick win with id %(id)s in this round.")
                % {"id": row.initiative_id}
            )
            continue
        row.title, row.agency = initiative.title, initiative.agency.abbreviation
        if row.initiative_id in seen:
            row.errors.append(_("This quick win appears more than once in the file."))
        seen.add(row.initiative_id)
        if row.initiative_id in reported:
            row.errors.append(_("This quick win already has a report for this period."))
        if period not in initiative_periods(initiative) or period.start > today:
            row.errors.append(
                _("The period is outside this quick win's schedule or has not started.")
            )
        before = previous.get(row.initiative_id)
        if (
            row.percent is not None
            and before is not None
            and row.percent < before
            and not row.notes
        ):
            row.errors.append(
                _("Lower than the previous report (%(previous)s%%): explain why in the notes.")
                % {"previous": before}
            )
    accepted = [r for r in rows if not r.errors]
    rejected = [r for r in rows if r.errors]
    return accepted, rejected


def import_progress(*, round_, period, rows, by):
    """Store one report per accepted row, all in one transaction; returns how many.

    Guarantees: every row passes `report_submit` again (the state may have changed since
    the preview); if any row fails, nothing is saved and the error names its line. The
    bureau entered the figures, so the reports are marked read.
    """
    initiatives = (
        Initiative.objects.filter(round=round_)
        .select_related("round")
        .in_bulk([row["initiative_id"] for row in rows])
    )
    with transaction.atomic():
        for row in rows:
            initiative = initiatives.get(row["initiative_id"])
            try:
                if initiative is None:
                    raise ValidationError(_("Unknown quick win."))
                notes = row["notes"] or _("Imported by the bureau.")
                report_submit(
                    initiative=initiative,
                    period=period,
                    by=by,
                    percent_complete=row["percent"],
                    achievements=notes,
                    decrease_explanation=row["notes"],
                    mark_read=True,
                )
            except ValidationError as error:
                raise ValidationError(
                    _("Row %(line)s: %(errors)s")
                    % {"line": row["line"], "errors": " ".join(error.messages)}
                ) from None
    return len(rows)
