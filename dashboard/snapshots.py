"""Build and read the dashboard snapshot of a round (see `models.RoundSnapshot`).

- `build(round_, today)` computes every round-wide figure of the dashboard with the live
  rollups (`rollup`, `selectors`) and stores them; one builder per round at a time (the
  snapshot row is locked), and a build that finds the snapshot already fresh does nothing,
  so the refresh task is safe to run twice or side by side.
- `current(round_, today)` is what the dashboard reads: one query when the snapshot is fresh.
  A missing snapshot is built in the request. A stale one is rebuilt in the request where no
  Celery worker runs (tasks eager: `make run`, tests), and otherwise served while a worker
  rebuilds it, with "being updated" on the page.
- `note_change(...)` appends a `RoundChange`: called by the receivers of every write that
  changes a figure (receivers.py).
"""

import datetime
import json

from celery import current_app
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef
from django.utils import timezone
from django.utils.dateparse import parse_date

from core.workflow import Status
from initiatives.models import Initiative

from . import rollup, selectors
from .models import AgencyFigures, RoundChange, RoundSnapshot

# The agency table's columns: the rollup's sums (rollup.INTEGER_COLUMNS, FLOAT_COLUMNS) and
# the last report.
AGENCY_COLUMNS = [*sorted(rollup.INTEGER_COLUMNS | rollup.FLOAT_COLUMNS), "last_report"]

# ORDER BY of the agency table per sort key (the same orders as rollup.ORDERINGS).
_NAME = ("agency__abbreviation", "agency_id")
AGENCY_ORDERINGS = {
    "name": _NAME,
    "proposed": ("-proposed", *_NAME),
    "approved": ("-approved", *_NAME),
    "score": (F("mean_score").desc(nulls_last=True), *_NAME),
    "progress": (F("mean_progress").asc(nulls_last=True), *_NAME),
    "off_track": ("-off_track", "-at_risk", *_NAME),
    "overdue": ("-overdue", *_NAME),
    "last_report": (F("last_report").asc(nulls_first=True), *_NAME),
}


def max_age():
    return datetime.timedelta(seconds=settings.DASHBOARD_SNAPSHOT_MAX_AGE)


def note_change(*, round_id=None, initiative_id=None):
    """Record that a figure of a round changed (by round, or by one of its quick wins)."""
    if round_id is None:
        round_id = (
            Initiative.objects.filter(pk=initiative_id).values_list("round_id", flat=True).first()
        )
        if round_id is None:
            return
    RoundChange.objects.create(round_id=round_id)


def _with_change_flag(queryset):
    newer = RoundChange.objects.filter(
        round_id=OuterRef("round_id"), id__gt=OuterRef("changes_seen")
    )
    return queryset.annotate(changed_since=Exists(newer))


def is_stale(snapshot, today, now=None):
    """Out of date: a change came after it, the WITA day moved on, or it is older than the
    maximum age (the safety net for writes made outside the app, e.g. by SQL)."""
    now = now or timezone.now()
    return (
        getattr(snapshot, "changed_since", False)
        or snapshot.as_of != today
        or now - snapshot.built_at > max_age()
    )


def _load(round_):
    return _with_change_flag(RoundSnapshot.objects.filter(round=round_)).first()


def current(round_, today):
    """The round's fresh snapshot (or, with a worker, the last one while it is rebuilt)."""
    from . import tasks

    snapshot = _load(round_)
    if snapshot is None or (is_stale(snapshot, today) and current_app.conf.task_always_eager):
        return build(round_, today)
    snapshot.updating = is_stale(snapshot, today)
    if snapshot.updating:
        tasks.refresh_snapshot.delay(round_.pk)
    return snapshot


def build(round_, today, *, force=False):
    """Compute and store the round's figures for `today` (WITA). Returns the snapshot."""
    with transaction.atomic():
        snapshot, _created = RoundSnapshot.objects.get_or_create(
            round=round_, defaults={"as_of": today, "built_at": timezone.now(), "changes_seen": -1}
        )
        # One builder per round: the others wait here, then find it fresh and return.
        snapshot = _with_change_flag(
            RoundSnapshot.objects.select_for_update().filter(pk=snapshot.pk)
        ).get()
        if not force and snapshot.changes_seen >= 0 and not is_stale(snapshot, today):
            snapshot.updating = False
            return snapshot
        changes_seen = (
            RoundChange.objects.filter(round_id=round_.pk).aggregate(last=Max("id"))["last"] or 0
        )
        built_at = timezone.now()
        data, agency_rows = _compute(round_, today)
        snapshot.as_of = today
        snapshot.built_at = built_at
        snapshot.changes_seen = changes_seen
        snapshot.data = data
        snapshot.save()
        AgencyFigures.objects.filter(snapshot=snapshot).delete()
        AgencyFigures.objects.bulk_create(
            [
                AgencyFigures(
                    snapshot=snapshot,
                    agency_id=row["agency"],
                    heat=row["heat"],
                    **{column: row[column] for column in AGENCY_COLUMNS},
                )
                for row in agency_rows
            ],
            batch_size=1000,
        )
        RoundChange.objects.filter(round_id=round_.pk, id__lte=changes_seen).delete()
    snapshot.changed_since = False
    snapshot.updating = False
    return snapshot


def _compute(round_, today):
    """(round-wide figures as JSON-ready data, one dict per agency) from the live rollups."""
    area_rows = rollup.by_change_area(round_, today)
    agency_rows = rollup.agency_rows(round_, today, "name")
    heat = {}
    for cell in selectors.heat_map_rows(round_):
        heat.setdefault(cell["agency"], {})[str(cell["change_area"])] = cell["n"]
    for row in agency_rows:
        row["heat"] = heat.get(row["agency"], {})
    taking_part = (
        Initiative.objects.filter(round=round_, status__in=selectors.PROPOSED)
        .values("agency")
        .distinct()
        .count()
    )
    pipeline = selectors.pipeline(round_)
    data = {
        "areas": {str(area_id): row for area_id, row in area_rows.items()},
        "taking_part": taking_part,
        "agency_total": len(agency_rows),
        "points": selectors.progress_over_time(round_, today),
        "pipeline": pipeline,
        "stays": [
            [str(status.value), days, count]
            for status, days, count in rollup.status_durations(round_)
        ],
    }
    # Through the JSON encoder now, so what is stored is what a later read gets back.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder)), agency_rows


# --- reading a snapshot ------------------------------------------------------------------


def area_rows(snapshot):
    """{change area id: row} as `rollup.by_change_area` returns it."""
    return {int(area_id): row for area_id, row in snapshot.data["areas"].items()}


def headline(snapshot):
    figures = rollup.headline_from_areas(list(snapshot.data["areas"].values()))
    figures["taking_part"] = snapshot.data["taking_part"]
    return figures


def points(snapshot):
    return [point | {"month": parse_date(point["month"])} for point in snapshot.data["points"]]


def pipeline(snapshot):
    speed = dict(snapshot.data["pipeline"])
    speed["slowest"] = [dict(row) for row in speed["slowest"]]
    speed["stays"] = [
        (Status(status), days, count) for status, days, count in snapshot.data["stays"]
    ]
    return speed


def agency_page(snapshot, sort, page, page_size):
    """(rows of one page, total agencies, page, pages): one query."""
    total = snapshot.data["agency_total"]
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    ordering = AGENCY_ORDERINGS.get(sort, AGENCY_ORDERINGS["name"])
    offset = (page - 1) * page_size
    rows = list(
        AgencyFigures.objects.filter(snapshot=snapshot)
        .order_by(*ordering)
        .values("agency", "agency__abbreviation", "agency__name", "heat", *AGENCY_COLUMNS)[
            offset : offset + page_size
        ]
    )
    for row in rows:
        row["light"] = selectors.traffic_light(row)
    return rows, total, page, pages
