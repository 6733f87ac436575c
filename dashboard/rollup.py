"""Round figures grouped in one SQL statement each: the per quick win facts are computed
once, in a derived table of three pre-aggregated joins (milestones, reviews, reports), and
then summed per round, per change area or per agency.

Why hand-written SQL: the ORM version (`selectors.with_facts`) puts a correlated subquery per
fact per row and repeats the health CASE inside every conditional count; this form reads each
table once per statement (hash joins) and is several times faster on a large round. Plain SQL
that SQLite and PostgreSQL both run. `test_figures` checks it against counts made in Python.
"""

import datetime
import statistics

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.health import AT_RISK_POINTS, OFF_TRACK_OVERDUE_DAYS, OFF_TRACK_POINTS
from core.workflow import Status
from evaluations.models import Assignment, Review, ReviewStatus
from initiatives.models import Initiative, Milestone
from monitoring.models import ProgressReport

from . import selectors


def _in(statuses):
    """`IN (%s, …)` and its params."""
    statuses = [str(s) for s in statuses]
    return "(" + ", ".join(["%s"] * len(statuses)) + ")", statuses


def facts_sql(round_, today):
    """(sql, params): one row per quick win of the round with its facts."""
    initiative = Initiative._meta.db_table
    milestone = Milestone._meta.db_table
    review = Review._meta.db_table
    assignment = Assignment._meta.db_table
    report = ProgressReport._meta.db_table
    long_overdue_before = today - datetime.timedelta(days=OFF_TRACK_OVERDUE_DAYS)
    period = selectors.last_due_period(round_, today)
    period_start, period_end = period or (None, None)
    implementing, implementing_params = _in(selectors.IMPLEMENTING)

    sql = f"""
SELECT i.id AS id, i.status AS status, i.agency_id AS agency_id,
  i.change_area_id AS change_area_id,
  COALESCE(m.progress, 0) AS progress,
  COALESCE(m.planned, 0) AS planned,
  r.score AS score,
  p.last_report_at AS last_report_at,
  CASE WHEN i.status IN {implementing} THEN COALESCE(m.overdue, 0) ELSE 0 END AS overdue,
  CASE
    WHEN i.status NOT IN {implementing} THEN NULL
    WHEN COALESCE(m.long_overdue, 0) = 1
      OR COALESCE(m.planned, 0) > COALESCE(m.progress, 0) + %s THEN 'off_track'
    WHEN COALESCE(m.planned, 0) > COALESCE(m.progress, 0) + %s THEN 'at_risk'
    ELSE 'on_track'
  END AS health,
  CASE WHEN %s = 1 AND i.status IN {implementing}
    AND i.start_date <= %s AND (i.end_date IS NULL OR i.end_date >= %s)
    AND COALESCE(p.has_period, 0) = 0 THEN 1 ELSE 0 END AS missing_report
FROM {initiative} i
LEFT JOIN (
  SELECT ms.initiative_id AS initiative_id,
    SUM(CASE WHEN ms.completed_on IS NOT NULL THEN ms.weight ELSE 0 END) AS progress,
    SUM(CASE WHEN ms.due_date <= %s THEN ms.weight ELSE 0 END) AS planned,
    SUM(CASE WHEN ms.completed_on IS NULL AND ms.due_date < %s THEN 1 ELSE 0 END) AS overdue,
    MAX(CASE WHEN ms.completed_on IS NULL AND ms.due_date < %s THEN 1 ELSE 0 END)
      AS long_overdue
  FROM {milestone} ms JOIN {initiative} mi ON mi.id = ms.initiative_id
  WHERE mi.round_id = %s
  GROUP BY ms.initiative_id
) m ON m.initiative_id = i.id
LEFT JOIN (
  SELECT a.initiative_id AS initiative_id, AVG(rv.total_score) AS score
  FROM {review} rv
  JOIN {assignment} a ON a.id = rv.assignment_id
  JOIN {initiative} ai ON ai.id = a.initiative_id
  WHERE ai.round_id = %s AND rv.status = %s
  GROUP BY a.initiative_id
) r ON r.initiative_id = i.id
LEFT JOIN (
  SELECT pr.initiative_id AS initiative_id, MAX(pr.submitted_at) AS last_report_at,
    MAX(CASE WHEN pr.period_start = %s THEN 1 ELSE 0 END) AS has_period
  FROM {report} pr JOIN {initiative} pi ON pi.id = pr.initiative_id
  WHERE pi.round_id = %s
  GROUP BY pr.initiative_id
) p ON p.initiative_id = i.id
WHERE i.round_id = %s"""
    params = [
        *implementing_params,
        *implementing_params,
        OFF_TRACK_POINTS,
        AT_RISK_POINTS,
        1 if period else 0,
        *implementing_params,
        period_end or today,
        period_start or today,
        today,
        today,
        long_overdue_before,
        round_.pk,
        round_.pk,
        ReviewStatus.SUBMITTED.value,
        period_start or today,
        round_.pk,
        round_.pk,
    ]
    return sql, params


def _sums():
    """Outer aggregate columns shared by every grouping, and their params."""
    proposed, proposed_params = _in(selectors.PROPOSED)
    approved, approved_params = _in(selectors.APPROVED)
    in_progress, in_progress_params = _in(selectors.IN_PROGRESS)
    completed, completed_params = _in(selectors.COMPLETED)
    sql = f"""
  SUM(CASE WHEN f.status IN {proposed} THEN 1 ELSE 0 END) AS proposed,
  SUM(CASE WHEN f.status IN {approved} THEN 1 ELSE 0 END) AS approved,
  SUM(CASE WHEN f.status IN {in_progress} THEN 1 ELSE 0 END) AS in_progress,
  SUM(CASE WHEN f.status IN {completed} THEN 1 ELSE 0 END) AS completed,
  AVG(f.score) AS mean_score,
  SUM(f.score) AS sum_score,
  SUM(CASE WHEN f.score IS NOT NULL THEN 1 ELSE 0 END) AS n_score,
  SUM(CASE WHEN f.status IN {approved} THEN f.progress ELSE 0 END) AS sum_progress,
  AVG(CASE WHEN f.status IN {approved} THEN f.progress END) AS mean_progress,
  SUM(CASE WHEN f.health = 'on_track' THEN 1 ELSE 0 END) AS on_track,
  SUM(CASE WHEN f.health = 'at_risk' THEN 1 ELSE 0 END) AS at_risk,
  SUM(CASE WHEN f.health = 'off_track' THEN 1 ELSE 0 END) AS off_track,
  SUM(f.overdue) AS overdue,
  SUM(f.missing_report) AS missing_reports,
  MAX(f.last_report_at) AS last_report"""
    return sql, [
        *proposed_params,
        *approved_params,
        *in_progress_params,
        *completed_params,
        *approved_params,  # sum_progress
        *approved_params,  # mean_progress
    ]


INTEGER_COLUMNS = {
    "proposed",
    "approved",
    "in_progress",
    "completed",
    "on_track",
    "at_risk",
    "off_track",
    "overdue",
    "missing_reports",
    "n_score",
}
FLOAT_COLUMNS = {"mean_score", "mean_progress", "sum_score", "sum_progress"}


def _clean(row):
    """Same Python types on both databases (SQLite returns text datetimes, PG Decimals)."""
    for key, value in row.items():
        if key in INTEGER_COLUMNS:
            row[key] = int(value or 0)
        elif key in FLOAT_COLUMNS and value is not None:
            row[key] = float(value)
        elif key == "last_report":
            row[key] = _as_datetime(value)
    return row


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [_clean(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]


ADDITIVE = [
    "proposed",
    "approved",
    "in_progress",
    "completed",
    "on_track",
    "at_risk",
    "off_track",
    "overdue",
    "missing_reports",
]


def headline_from_areas(area_rows):
    """The round's figures summed from its (at most eight) change-area rows: no second
    pass over the quick wins. Means are recombined from sums and counts."""
    figures = {key: sum(row[key] for row in area_rows) for key in ADDITIVE}
    n_score = sum(row["n_score"] for row in area_rows)
    sum_score = sum(row["sum_score"] or 0 for row in area_rows)
    sum_progress = sum(row["sum_progress"] or 0 for row in area_rows)
    figures["mean_score"] = sum_score / n_score if n_score else None
    figures["mean_progress"] = sum_progress / figures["approved"] if figures["approved"] else None
    return figures


def by_change_area(round_, today):
    """{change area id: sums and status segment counts}."""
    facts, facts_params = facts_sql(round_, today)
    sums, sums_params = _sums()
    segment_sql, segment_params = [], []
    for name, statuses in selectors.STATUS_SEGMENTS:
        clause, params = _in(statuses)
        segment_sql.append(f"SUM(CASE WHEN f.status IN {clause} THEN 1 ELSE 0 END) AS seg_{name}")
        segment_params.extend(params)
    sql = f"""SELECT f.change_area_id AS change_area, {sums}, {", ".join(segment_sql)}
FROM ({facts}) f GROUP BY f.change_area_id"""
    rows = _fetch(sql, [*sums_params, *segment_params, *facts_params])
    for row in rows:
        for name, _s in selectors.STATUS_SEGMENTS:
            row[f"seg_{name}"] = int(row[f"seg_{name}"] or 0)
    return {row["change_area"]: row for row in rows}


# ORDER BY per sort key (NULLS FIRST/LAST: SQLite ≥ 3.30 and PostgreSQL).
ORDERINGS = {
    "name": "a.abbreviation, a.id",
    "proposed": "proposed DESC, a.abbreviation, a.id",
    "approved": "approved DESC, a.abbreviation, a.id",
    "score": "mean_score DESC NULLS LAST, a.abbreviation, a.id",
    "progress": "mean_progress ASC NULLS LAST, a.abbreviation, a.id",
    "off_track": "off_track DESC, at_risk DESC, a.abbreviation, a.id",
    "overdue": "overdue DESC, a.abbreviation, a.id",
    "last_report": "last_report ASC NULLS FIRST, a.abbreviation, a.id",
}


def agency_rows(round_, today, sort="name", limit=None, offset=0):
    """The agency table rows, sorted and sliced in SQL."""
    from accounts.models import Agency

    facts, facts_params = facts_sql(round_, today)
    sums, sums_params = _sums()
    ordering = ORDERINGS.get(sort, ORDERINGS["name"])
    sql = f"""SELECT f.agency_id AS agency, a.abbreviation AS agency__abbreviation,
  a.name AS agency__name, {sums}
FROM ({facts}) f JOIN {Agency._meta.db_table} a ON a.id = f.agency_id
GROUP BY f.agency_id, a.abbreviation, a.name, a.id
ORDER BY {ordering}"""
    params = [*sums_params, *facts_params]
    if limit is not None:
        sql += " LIMIT %s OFFSET %s"
        params += [limit, offset]
    return _fetch(sql, params)


def _as_date(value):
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    return value


def _as_datetime(value):
    """An aware datetime: SQLite gives text (aggregates) or naive UTC datetimes (columns)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if isinstance(value, datetime.datetime) and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def register(round_, today, chunk_size=2000):
    """Every quick win of the round with its facts, ordered by agency and title — one
    statement, rows streamed in chunks (the XLSX register)."""
    from accounts.models import Agency
    from initiatives.models import ChangeArea

    facts, facts_params = facts_sql(round_, today)
    sql = f"""SELECT f.id, i.title, a.name, ca.number, f.status, f.score, f.progress,
  f.planned, f.health, f.overdue, i.start_date, i.end_date, i.submitted_at, i.decided_at,
  f.last_report_at, i.budget
FROM ({facts}) f
JOIN {Initiative._meta.db_table} i ON i.id = f.id
JOIN {Agency._meta.db_table} a ON a.id = i.agency_id
JOIN {ChangeArea._meta.db_table} ca ON ca.id = i.change_area_id
ORDER BY a.name, i.title, f.id"""
    with connection.cursor() as cursor:
        cursor.execute(sql, facts_params)
        while rows := cursor.fetchmany(chunk_size):
            for row in rows:
                row = list(row)
                row[5] = None if row[5] is None else float(row[5])
                row[10], row[11] = _as_date(row[10]), _as_date(row[11])
                row[12], row[13], row[14] = (
                    _as_datetime(row[12]),
                    _as_datetime(row[13]),
                    _as_datetime(row[14]),
                )
                yield row


def status_durations(round_):
    """[(status, median days spent in it, number of stays)] from the StatusChange timeline.

    A stay in a status lasts from the change into it to the next change of the same quick win
    (LEAD over the timeline; stays not yet ended are left out). PostgreSQL takes the median in
    SQL (percentile_cont); SQLite returns the stay lengths in days (one small column) and the
    median is taken in Python.
    """
    from initiatives.models import StatusChange

    change = StatusChange._meta.db_table
    initiative = Initiative._meta.db_table
    if connection.vendor == "postgresql":
        length = "EXTRACT(EPOCH FROM (t.next_at - t.created_at)) / 86400.0"
    else:
        length = "julianday(t.next_at) - julianday(t.created_at)"
    stays = f"""SELECT t.to_status AS status, {length} AS days FROM (
  SELECT sc.to_status, sc.created_at,
    LEAD(sc.created_at) OVER (PARTITION BY sc.initiative_id ORDER BY sc.created_at, sc.id)
      AS next_at
  FROM {change} sc JOIN {initiative} i ON i.id = sc.initiative_id
  WHERE i.round_id = %s
) t WHERE t.next_at IS NOT NULL"""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"""SELECT s.status, percentile_cont(0.5) WITHIN GROUP (ORDER BY s.days),
  COUNT(*) FROM ({stays}) s GROUP BY s.status""",
                [round_.pk],
            )
            found = {status: (float(median), count) for status, median, count in cursor}
        else:
            cursor.execute(stays, [round_.pk])
            by_status = {}
            for status, days in cursor.fetchall():
                by_status.setdefault(status, []).append(float(days))
            found = {
                status: (statistics.median(values), len(values))
                for status, values in by_status.items()
            }
    return [
        (status, round(found[status][0], 1), found[status][1])
        for status in Status
        if status.value in found
    ]
