"""What each dashboard page shows: selectors' figures plus their links and charts.

Kept apart from the views so the views stay thin and the exports reuse the same figures.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency
from core import charts
from core.health import Health

from . import links, selectors, snapshots
from .selectors import APPROVED, COMPLETED, IN_PROGRESS, PROPOSED, STATUS_SEGMENTS

SEGMENT_LABELS = {
    "review": _("In review"),
    "approved": _("Approved, not started"),
    "in_progress": _("In progress"),
    "completed": _("Completed"),
    "closed": _("Rejected or cancelled"),
}
LIGHT_LABELS = {
    "red": _("Needs a push"),
    "amber": _("Watch"),
    "green": _("On track"),
    "none": _("Not started"),
}
HEALTH_LABELS = dict(Health.choices)
SEGMENT_STATUSES = dict(STATUS_SEGMENTS)


SORT_COLUMNS = [
    ("name", _("Agency")),
    ("proposed", _("Proposed")),
    ("approved", _("Approved")),
    ("score", _("Mean score")),
    ("progress", _("Mean progress")),
    ("off_track", _("Health")),
    ("overdue", _("Overdue")),
    ("last_report", _("Last report")),
]


def figure_labels():
    """Headline figures in display order (the XLSX summary sheet uses the same labels)."""
    return {
        "taking_part": _("Agencies taking part"),
        "active_agencies": _("Active agencies"),
        "proposed": _("Proposed"),
        "approved": _("Approved"),
        "in_progress": _("In progress"),
        "completed": _("Completed"),
        "mean_score": _("Mean review score"),
        "mean_progress": _("Mean progress (%)"),
        "on_track": HEALTH_LABELS[Health.ON_TRACK],
        "at_risk": HEALTH_LABELS[Health.AT_RISK],
        "off_track": HEALTH_LABELS[Health.OFF_TRACK],
        "overdue": _("Overdue milestones"),
        "missing_reports": _("Missing reports"),
    }


def headline_links(round_id):
    """The filtered list behind each headline figure."""
    return {
        "proposed": links.initiative_list(round=round_id, status=PROPOSED),
        "approved": links.initiative_list(round=round_id, status=APPROVED),
        "in_progress": links.initiative_list(round=round_id, status=IN_PROGRESS),
        "completed": links.initiative_list(round=round_id, status=COMPLETED),
        "mean_score": links.review_board(round=round_id),
        "mean_progress": links.monitoring_board(round=round_id),
        "on_track": links.monitoring_board(round=round_id, health=Health.ON_TRACK),
        "at_risk": links.monitoring_board(round=round_id, health=Health.AT_RISK),
        "off_track": links.monitoring_board(round=round_id, health=Health.OFF_TRACK),
        "overdue": links.monitoring_board(round=round_id, attention="overdue"),
        "missing_reports": links.monitoring_board(round=round_id, attention="missing_report"),
    }


def agency_row_links(round_id, row):
    agency = row["agency"]
    return {
        "scorecard": links.url_or_hash("dashboard:agency", agency),
        "proposed": links.initiative_list(round=round_id, agency=agency, status=PROPOSED),
        "approved": links.initiative_list(round=round_id, agency=agency, status=APPROVED),
        "on_track": links.monitoring_board(round=round_id, agency=agency, health=Health.ON_TRACK),
        "at_risk": links.monitoring_board(round=round_id, agency=agency, health=Health.AT_RISK),
        "off_track": links.monitoring_board(round=round_id, agency=agency, health=Health.OFF_TRACK),
        "overdue": links.monitoring_board(round=round_id, agency=agency, attention="overdue"),
        "progress": links.monitoring_board(round=round_id, agency=agency),
    }


def area_chart(round_id, areas):
    rows = []
    for row in areas:
        area = row["area"]
        segments = [
            (
                key,
                row["segments"][key],
                links.initiative_list(
                    round=round_id, change_area=area.pk, status=SEGMENT_STATUSES[key]
                ),
            )
            for key, _ in STATUS_SEGMENTS
        ]
        rows.append((f"{area.number}. {area.name}", segments))
    return charts.stacked_bars(
        rows, title=_("Quick wins by change area and status"), legend=SEGMENT_LABELS
    )


def area_progress_chart(round_id, areas):
    items = [
        (
            f"{row['area'].number}. {row['area'].name}",
            row["mean_progress"],
            links.initiative_list(round=round_id, change_area=row["area"].pk, status=APPROVED),
        )
        for row in areas
    ]
    return charts.horizontal_bars(
        items, title=_("Mean progress by change area"), max_value=100, unit="%", decimals=1
    )


def progress_chart(round_id, points):
    return charts.line_chart(
        [{**p, "label": date_format(p["month"], "M y")} for p in points],
        title=_("Planned versus actual progress, month by month"),
        planned_label=_("Planned"),
        actual_label=_("Actual"),
        href=links.monitoring_board(round=round_id),
    )


def leadership_dashboard(round_, today, *, sort="name", page=1):
    """Everything on the leadership dashboard for one round, read from the round's snapshot
    (snapshots.py): a fixed number of small queries whatever the size of the round."""
    round_id = round_.pk
    snapshot = snapshots.current(round_, today)
    figures = snapshots.headline(snapshot)
    figures["active_agencies"] = Agency.objects.active().count()
    areas = selectors.by_change_area(round_, today, snapshots.area_rows(snapshot))
    for row in areas:
        row["link"] = links.initiative_list(
            round=round_id, change_area=row["area"].pk, status=PROPOSED
        )
        row["approved_link"] = links.initiative_list(
            round=round_id, change_area=row["area"].pk, status=APPROVED
        )
    agency_rows, agency_total, page, pages = snapshots.agency_page(
        snapshot, sort, page, selectors.AGENCY_PAGE_SIZE
    )
    heat_max = max((n for row in agency_rows for n in row["heat"].values()), default=0)
    for row in agency_rows:
        row["links"] = agency_row_links(round_id, row)
        row["light_label"] = LIGHT_LABELS[row["light"]]
        row["heat"] = [
            {
                "count": row["heat"].get(str(area_row["area"].pk), 0),
                "level": _heat_level(row["heat"].get(str(area_row["area"].pk), 0), heat_max),
                "link": links.initiative_list(
                    round=round_id,
                    agency=row["agency"],
                    change_area=area_row["area"].pk,
                    status=PROPOSED,
                ),
            }
            for area_row in areas
        ]
    points = snapshots.points(snapshot)
    speed = snapshots.pipeline(snapshot)
    for row in speed["slowest"]:
        row["link"] = links.url_or_hash("dashboard:agency", row["agency"])
    return {
        "round": round_,
        "today": today,
        "snapshot": snapshot,
        "figures": figures,
        "figure_links": headline_links(round_id),
        "areas": areas,
        "area_chart": area_chart(round_id, areas),
        "area_progress_chart": area_progress_chart(round_id, areas),
        "agency_rows": agency_rows,
        "agency_total": agency_total,
        "page": page,
        "pages": pages,
        "sort": sort if sort in selectors.AGENCY_SORTS else "name",
        "sort_columns": SORT_COLUMNS,
        "points": points,
        "progress_chart": progress_chart(round_id, points),
        "speed": speed,
    }


def briefing(round_, today):
    """The leadership briefing (HTML page and PDF file): the dashboard's figures with the
    agency table sorted by who needs attention first, and the overdue milestones."""
    data = leadership_dashboard(round_, today, sort="off_track")
    data["overdue"] = selectors.control_room(round_, today)["overdue"]
    return data


def _heat_level(count, top):
    """0–4: how dark a heat-map cell is (the number is always printed in it too)."""
    if not count or not top:
        return 0
    return min(4, 1 + 3 * (count - 1) // max(top - 1, 1)) if top > 1 else 4


def control_room(round_, today):
    """The bureau admin's home: counts per status, decisions due, unassigned, overdue (4 queries)."""
    data = selectors.control_room(round_, today)
    round_id = round_.pk
    data["counts"] = [
        (status, count, links.initiative_list(round=round_id, status=status.value))
        for status, count in data["counts"]
    ]
    for item in data["needs_decision"] + data["unassigned"]:
        item.link = links.initiative_detail(item.pk)
    for milestone in data["overdue"]:
        milestone.link = links.initiative_detail(milestone.initiative_id)
    data["links"] = {
        "review_board": links.review_board(round=round_id),
        "unassigned": links.review_board(round=round_id, status="submitted"),
        "monitoring_board": links.monitoring_board(round=round_id),
        "overdue": links.monitoring_board(round=round_id, attention="overdue"),
        "rounds": links.url_or_hash("initiatives:round_list"),
        "rubric": links.url_or_hash("evaluations:rubric", round_id),
        "dashboard": links.url_or_hash("dashboard:index") + f"?round={round_id}",
    }
    return data


def scorecard(agency, today):
    """An agency's scorecard with the links and labels the page shows."""
    card = selectors.scorecard(agency, today)
    for initiative in card.initiatives:
        initiative.link = links.initiative_detail(initiative.pk)
        initiative.health_label = HEALTH_LABELS.get(initiative.health, "")
    return card
