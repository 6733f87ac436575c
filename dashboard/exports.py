"""XLSX download of every dashboard table and the round's full register of quick wins.

openpyxl in write-only mode (rows are streamed to a temporary file, never all held in
memory as cells), then sent with FileResponse, which streams the file in chunks.
"""

import datetime
import tempfile

from django.http import FileResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.bands import band_of
from core.exports import SafeSheet
from core.health import Health
from core.workflow import Status
from initiatives.models import ChangeArea

from . import pages, rollup, selectors


def _round1(value):
    return None if value is None else round(float(value), 1)


def _local(value):
    """Excel has no time zones: write WITA wall-clock time."""
    if value is None:
        return None
    if timezone.is_naive(value):  # SQLite's raw cursor gives naive UTC (USE_TZ storage)
        value = timezone.make_aware(value, datetime.UTC)
    return timezone.localtime(value).replace(tzinfo=None)


def sheet_titles():
    return [
        _("Summary"),
        _("Change areas"),
        _("Agencies"),
        _("Heat map"),
        _("Progress by month"),
        _("Pipeline speed"),
        _("Register"),
    ]


def build_workbook(round_, today):
    """The workbook for one round (a fixed number of queries; the register is iterated)."""
    titles = sheet_titles()
    wb = Workbook(write_only=True)
    health_labels = dict(Health.choices)
    status_labels = dict(Status.choices)

    area_rows = rollup.by_change_area(round_, today)  # one pass for summary and areas
    figures = selectors.headline(round_, today, area_rows)
    ws = SafeSheet(wb.create_sheet(titles[0]))
    ws.append([_("Round"), round_.name])
    ws.append([_("Date"), today])
    for key, label in pages.figure_labels().items():
        value = figures[key]
        ws.append([str(label), _round1(value) if isinstance(value, float) else value])
    ws.append([_("Predicate of the mean score"), band_of(figures["mean_score"]) or ""])

    areas = selectors.by_change_area(round_, today, area_rows)
    ws = SafeSheet(wb.create_sheet(titles[1]))
    ws.append(
        [_("No."), _("Change area"), _("Proposed"), _("Approved")]
        + [str(pages.SEGMENT_LABELS[key]) for key, _s in selectors.STATUS_SEGMENTS]
        + [_("Mean progress (%)")]
    )
    for row in areas:
        ws.append(
            [row["area"].number, row["area"].name, row["proposed"], row["approved"]]
            + [row["segments"][key] for key, _s in selectors.STATUS_SEGMENTS]
            + [_round1(row["mean_progress"])]
        )

    ws = SafeSheet(wb.create_sheet(titles[2]))
    ws.append(
        [
            _("Agency"),
            _("Proposed"),
            _("Approved"),
            _("Mean score"),
            _("Mean progress (%)"),
            str(health_labels[Health.ON_TRACK]),
            str(health_labels[Health.AT_RISK]),
            str(health_labels[Health.OFF_TRACK]),
            _("Overdue milestones"),
            _("Missing reports"),
            _("Last report"),
            _("Signal"),
        ]
    )
    for row in selectors.agency_rows(round_, today):
        ws.append(
            [
                row["agency__name"],
                row["proposed"],
                row["approved"],
                _round1(row["mean_score"]),
                _round1(row["mean_progress"]),
                row["on_track"],
                row["at_risk"],
                row["off_track"],
                row["overdue"],
                row["missing_reports"],
                _local(row["last_report"]),
                str(pages.LIGHT_LABELS[selectors.traffic_light(row)]),
            ]
        )

    area_list = list(ChangeArea.objects.order_by("number"))
    ws = SafeSheet(wb.create_sheet(titles[3]))
    ws.append([_("Agency")] + [f"{a.number}. {a.name}" for a in area_list])
    current, counts = None, {}
    for cell in selectors.heat_map_rows(round_).iterator(chunk_size=2000):
        if current is not None and cell["agency__name"] != current:
            ws.append([current] + [counts.get(a.pk, 0) for a in area_list])
            counts = {}
        current = cell["agency__name"]
        counts[cell["change_area"]] = cell["n"]
    if current is not None:
        ws.append([current] + [counts.get(a.pk, 0) for a in area_list])

    ws = SafeSheet(wb.create_sheet(titles[4]))
    ws.append([_("Month"), _("Planned (%)"), _("Actual (%)")])
    for point in selectors.progress_over_time(round_, today):
        ws.append([point["month"], point["planned"], point["actual"]])

    speed = selectors.pipeline(round_)
    ws = SafeSheet(wb.create_sheet(titles[5]))
    ws.append([_("Median days from submission to decision"), speed["to_decision"]])
    ws.append([_("Median days from decision to first report"), speed["to_report"]])
    ws.append([])
    ws.append([_("Status"), _("Median days"), _("Quick wins")])
    for status, days, count in rollup.status_durations(round_):
        ws.append([str(status.label), days, count])
    ws.append([])
    ws.append([_("Slowest agencies"), _("Median days to first report"), _("Quick wins")])
    for row in speed["slowest"]:
        ws.append([row["agency__abbreviation"], row["median_to_report"], row["quick_wins"]])

    ws = SafeSheet(wb.create_sheet(titles[6]))
    ws.append(
        [
            _("ID"),
            _("Quick win"),
            _("Agency"),
            _("Change area"),
            _("Status"),
            _("Review score"),
            _("Predicate"),
            _("Progress (%)"),
            _("Planned (%)"),
            _("Health"),
            _("Overdue milestones"),
            _("Start date"),
            _("End date"),
            _("Submitted at"),
            _("Decided at"),
            _("Last report"),
            _("Budget (Rp)"),
        ]
    )
    area_names = {a.number: f"{a.number}. {a.name}" for a in area_list}
    for (
        pk,
        title,
        agency_name,
        area_number,
        status,
        score,
        progress,
        planned,
        health,
        overdue,
        start,
        end,
        submitted_at,
        decided_at,
        last_report,
        budget,
    ) in rollup.register(round_, today):
        ws.append(
            [
                pk,
                title,
                agency_name,
                area_names.get(area_number, ""),
                str(status_labels.get(status, status)),
                _round1(score),
                band_of(score) or "",
                progress,
                planned,
                str(health_labels[health]) if health else "",
                overdue,
                start,
                end,
                _local(submitted_at),
                _local(decided_at),
                _local(last_report),
                budget,
            ]
        )
    return wb


def xlsx_response(round_, today):
    workbook = build_workbook(round_, today)
    # FileResponse closes (and so deletes) the file once the download is sent.
    spool = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(spool)
    spool.seek(0)
    filename = f"dasbor-quick-win-{slugify(round_.name)}-{today:%Y%m%d}.xlsx"
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
