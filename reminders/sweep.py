"""The daily sweep: every reminder due today, found and written in set-based SQL.

Each kind is one statement, `INSERT INTO reminders_notification (…) WITH d AS (the objects
due, with their texts) SELECT (one row per recipient) … ON CONFLICT DO NOTHING` on the
notification key: a fixed number of queries whatever the number of objects, and a second
sweep of the same day inserts nothing. `collect()` runs the same SELECTs without writing
(the dry run and the tests); `write()` runs the INSERTs and says how many rows were new.

Texts: the same words as `texts.render()` writes for a single notification. Per variant of a
kind (days before, escalation step, plural form of the days overdue) `render()` runs once in
Python with placeholders for what differs per row (titles, dates, the number of days); the
result is split around them and joined with `||` in SQL. Dates are written as `texts._day()`
writes them (`j M Y`, the month abbreviation from the translation). PostgreSQL and SQLite
(≥ 3.24, for ON CONFLICT) only.

Dates are WITA (`timezone.localdate()`); every deadline is the end of its day, so an item
is overdue from the next day on. Advance reminders fire on their exact day (7/3/1 days
before); an overdue item notifies its current escalation step, once per step: 0 from the
first day overdue, 1 once more than the round's `first_grace_days` overdue, 2 once more than
its `second_grace_days`.
"""

import datetime
import functools
import string
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from accounts.models import Agency, User
from core.calendar import round_periods
from core.workflow import IMPLEMENTING_STATUSES, SUBMITTED_STATUSES, Status
from evaluations.models import Assignment, Review, ReviewStatus
from initiatives.models import Initiative, Milestone, Round
from monitoring.models import ProgressReport

from . import texts
from .kinds import Kind, Step
from .models import Notification

ROUND_CLOSING_LEADS = (7, 3, 1)
REVIEW_LEADS = (3, 1)
MILESTONE_LEADS = (7, 1)
REPORT_LEADS = (3,)
REVISION_WAIT_DAYS = 3
# The plural form of "N days overdue" is chosen in SQL among the forms the translation gives
# for these N (exact for every N when, as in Indonesian and English, only N == 1 differs).
PLURAL_SAMPLES = range(1, 200)
SAMPLE_ID = 987654321  # a link is reversed with this id, then split around it
KEY = ("kind", "content_type_id", "object_id", "due_date", "lead_days", "recipient_id", "step")
COLUMNS = (
    "recipient_id",
    "kind",
    "content_type_id",
    "object_id",
    "due_date",
    "lead_days",
    "step",
    "title",
    "body",
    "link",
)


def escalation_step(days_overdue, round_):
    """0 from the first overdue day; 1 once more than `first_grace_days` overdue; 2 once
    more than `second_grace_days` overdue (the same rule in SQL: Context.due_today)."""
    if days_overdue > round_.second_grace_days:
        return Step.BUREAU
    if days_overdue > round_.first_grace_days:
        return Step.AGENCY_HEAD
    return Step.RESPONSIBLE


# --- SQL fragments ----------------------------------------------------------------------


class Sql:
    """A piece of SQL and its parameters, in the order of its %s."""

    __slots__ = ("params", "text")

    def __init__(self, text, params=()):
        self.text, self.params = text, list(params)


def sql(template, **parts):
    """`template` with each {name} replaced by a part: an Sql (its parameters follow in
    place) or plain SQL text. The template itself holds no %s."""
    out, params = [], []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        out.append(literal)
        if name is not None:
            part = parts[name]
            if isinstance(part, Sql):
                out.append(part.text)
                params += part.params
            else:
                out.append(str(part))
    return Sql("".join(out), params)


def param(value):
    return Sql("%s", [value])


def moment(value):
    """An aware datetime as a parameter, as the ORM stores it (UTC text on SQLite)."""
    return param(connection.ops.adapt_datetimefield_value(value))


def params_in(values):
    values = list(values)
    return Sql("(" + ", ".join(["%s"] * len(values)) + ")", values)


def join(parts, separator):
    text, params = [], []
    for part in parts:
        text.append(part.text)
        params += part.params
    return Sql(separator.join(text), params)


class Dialect:
    """The few things PostgreSQL and SQLite write differently."""

    def __init__(self, conn):
        if conn.vendor not in ("postgresql", "sqlite"):
            raise NotImplementedError(f"the reminder sweep has no SQL for {conn.vendor}")
        self.pg = conn.vendor == "postgresql"
        self.ops = conn.ops

    def date(self, value):
        return Sql("CAST(%s AS date)" if self.pg else "%s", [value])

    def days_between(self, later, earlier):
        """Whole days from `earlier` to `later` (both SQL dates), an integer."""
        if self.pg:
            return sql("({later} - {earlier})", later=later, earlier=earlier)
        return sql(
            "CAST(julianday({later}) - julianday({earlier}) AS INTEGER)",
            later=later,
            earlier=earlier,
        )

    def add_days(self, date, days):
        if self.pg:
            return sql("({date} + {days})", date=date, days=int(days))
        return sql("date({date}, {offset})", date=date, offset=param(f"+{int(days)} days"))

    def date_part(self, what, date):
        """'day', 'month' or 'year' of an SQL date, an integer."""
        if self.pg:
            return sql(f"CAST(EXTRACT({what.upper()} FROM {{date}}) AS INTEGER)", date=date)
        code = {"day": "%%d", "month": "%%m", "year": "%%Y"}[what]  # %% for the %s layer
        return sql(f"CAST(strftime('{code}', {{date}}) AS INTEGER)", date=date)

    def local_date(self, moment):
        """The WITA date of an SQL timestamp (as `timezone.localdate()`)."""
        text, params = self.ops.datetime_cast_date_sql(
            moment.text, tuple(moment.params), timezone.get_current_timezone_name()
        )
        return Sql(text, params)

    def day_label(self, date):
        """`texts._day()` in SQL: DAY_FORMAT with j (day), M (month abbreviation), Y (year)."""
        months = texts.month_abbreviations()
        month = sql(
            "CASE {month} {whens} END",
            month=self.date_part("month", date),
            whens=join(
                [sql(f"WHEN {m} THEN {{name}}", name=param(months[m])) for m in months], " "
            ),
        )
        pieces, literal = [], ""
        escaped = False
        for char in texts.DAY_FORMAT:
            if char == "\\" and not escaped:
                escaped = True
                continue
            if escaped or not char.isalpha():
                literal += char
                escaped = False
                continue
            if literal:
                pieces.append(param(literal))
                literal = ""
            if char == "j":
                pieces.append(sql("CAST({day} AS TEXT)", day=self.date_part("day", date)))
            elif char == "Y":
                pieces.append(sql("CAST({year} AS TEXT)", year=self.date_part("year", date)))
            elif char == "M":
                pieces.append(month)
            else:
                raise NotImplementedError(f"date format {char!r} in SQL")
        if literal:
            pieces.append(param(literal))
        return join(pieces, " || ")


# --- Texts ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _templates(kind, leads, overdue, language):
    """[(condition on x.lead_days/x.step/x.days_overdue, title template, body template)]
    covering every row of a kind; templates are (literal, placeholder name, literal, …)."""
    facts = {
        name: texts.Placeholder(name)
        for name in ("title", "milestone", "period", "round", "agency", "requested_on")
    }
    due = texts.Placeholder("due_date")

    def render(lead_days, step, days):
        title, body = texts.render(
            kind,
            due_date=due,
            lead_days=lead_days,
            step=step,
            days_overdue=texts.CountPlaceholder("days_overdue", days),
            **facts,
        )
        return tuple(title.split(texts.MARK)), tuple(body.split(texts.MARK))

    def numbers(many):
        return "(" + ", ".join(str(int(n)) for n in many) + ")"

    variants = []  # mutually exclusive conditions: their order does not matter
    for lead in leads:
        variants.append((f"x.lead_days = {int(lead)}", *render(lead, Step.RESPONSIBLE, 0)))
    if overdue:
        for step in Step.values:
            forms = defaultdict(list)
            for days in PLURAL_SAMPLES:
                forms[render(0, step, days)].append(days)
            common = max(forms, key=lambda form: len(forms[form]))
            others = [days for form, many in forms.items() if form != common for days in many]
            where = f"x.lead_days = 0 AND x.step = {int(step)}"
            for form, many in forms.items():
                if form != common:
                    variants.append((f"{where} AND x.days_overdue IN {numbers(many)}", *form))
            if others:
                where += f" AND x.days_overdue NOT IN {numbers(others)}"
            variants.append((where, *common))
    if not variants:
        variants.append(("1 = 1", *render(0, Step.RESPONSIBLE, 0)))
    return variants


def _text(template, facts):
    """A template (literal, name, literal, …) as an SQL concatenation."""
    pieces = []
    for i, piece in enumerate(template):
        if i % 2:
            pieces.append(facts[piece])
        elif piece:
            pieces.append(param(piece))
    return join(pieces, " || ") if pieces else param("")


def _case(variants, facts):
    """One expression for (condition, template) pairs: a CASE when templates differ."""
    by_template = defaultdict(list)
    for condition, template in variants:
        by_template[template].append(condition)
    if len(by_template) == 1:
        return _text(next(iter(by_template)), facts)
    whens = [
        sql(
            "WHEN {conditions} THEN {text}",
            conditions=" OR ".join(f"({c})" for c in conditions),
            text=_text(template, facts),
        )
        for template, conditions in by_template.items()
    ]
    return sql("CASE {whens} END", whens=join(whens, " "))


def _link(link_of, column):
    """A link of `texts` (a function of an id) in SQL: split around a sample id."""
    before, *after = link_of(SAMPLE_ID).split(str(SAMPLE_ID), 1)
    if not after:
        return param(before)
    return join([param(before), Sql(f"CAST({column} AS TEXT)"), param(after[0])], " || ")


# --- The statements ---------------------------------------------------------------------------


@dataclass
class Context:
    today: datetime.date
    dialect: Dialect
    tables: dict

    @classmethod
    def create(cls, today):
        models = {
            "agency": Agency,
            "assignment": Assignment,
            "initiative": Initiative,
            "milestone": Milestone,
            "report": ProgressReport,
            "review": Review,
            "round": Round,
            "user": User,
        }
        tables = {name: connection.ops.quote_name(m._meta.db_table) for name, m in models.items()}
        return cls(today=today, dialect=Dialect(connection), tables=tables)

    def date(self, value):
        return self.dialect.date(value)

    def due_today(self, due, leads):
        """The columns days_overdue, lead_days and step of an item due on the SQL date `due`
        (its round aliased r), and the condition "to remind about today" for `leads`."""
        lead_dates = [self.today + datetime.timedelta(days=d) for d in leads]
        today = self.date(self.today)
        days = self.dialect.days_between(today, due)
        columns = sql(
            "{days} AS days_overdue,"
            " CASE {whens} ELSE 0 END AS lead_days,"
            " CASE WHEN {due} >= {today} THEN {responsible}"
            " WHEN {days} > r.second_grace_days THEN {bureau}"
            " WHEN {days} > r.first_grace_days THEN {head}"
            " ELSE {responsible} END AS step",
            days=days,
            whens=join(
                [
                    sql(f"WHEN {{due}} = {{date}} THEN {lead}", due=due, date=self.date(date))
                    for lead, date in zip(leads, lead_dates, strict=True)
                ],
                " ",
            ),
            due=due,
            today=today,
            responsible=int(Step.RESPONSIBLE),
            head=int(Step.AGENCY_HEAD),
            bureau=int(Step.BUREAU),
        )
        condition = sql(
            "({due} IN ({dates}) OR {due} < {today})",
            due=due,
            dates=join([self.date(d) for d in lead_dates], ", "),
            today=today,
        )
        return columns, condition


@dataclass
class Statement:
    """One kind: the objects due (`candidates`, alias x), their texts, and who gets them."""

    kind: str
    model: type
    candidates: Sql
    facts: dict
    link: Sql
    recipients: list  # (SQL of the recipient's id, FROM … WHERE … after "FROM d")
    leads: tuple = ()
    overdue: bool = False

    def select(self, created_at=None):
        """The notifications of this kind due today (with `created_at`, for the INSERT).
        Texts are built once per object (d), then joined to its recipients."""
        variants = _templates(self.kind, self.leads, self.overdue, settings.LANGUAGE_CODE)
        quote = connection.ops.quote_name
        branches = [
            sql(
                "SELECT {recipient} AS recipient_id, {kind} AS kind,"
                " {content_type} AS content_type_id, d.object_id, d.due_date, d.lead_days,"
                " d.step, d.n_title AS title, d.n_body AS body, d.n_link AS link{created_at}"
                " FROM d {rest}",
                recipient=recipient,
                kind=param(str(self.kind)),
                content_type=int(ContentType.objects.get_for_model(self.model).pk),
                created_at=sql(", {at} AS created_at", at=moment(created_at)) if created_at else "",
                rest=rest,
            )
            for recipient, rest in self.recipients
        ]
        return sql(
            "WITH d AS (SELECT x.*, SUBSTR({title}, 1, 300) AS n_title, {body} AS n_body,"
            " {link} AS n_link FROM ({candidates}) x),"
            # The bureau admins and the agency heads, each read once (PostgreSQL would
            # otherwise scan the users per row: the bureau, whose head is escalated to for
            # its reviewers, has dozens of them).
            " b AS {materialized}(SELECT id, agency_id, is_agency_operator, is_agency_head"
            " FROM {user} WHERE is_active AND is_bureau_admin),"
            " h AS {materialized}(SELECT u.id, u.agency_id FROM {user} u"
            " JOIN {agency} ag ON ag.id = u.agency_id WHERE u.is_active AND u.is_agency_head"
            " AND (ag.is_active OR u.is_bureau_admin))"
            " {branches}",
            title=_case([(c, t) for c, t, _b in variants], self.facts),
            body=_case([(c, b) for c, _t, b in variants], self.facts),
            link=self.link,
            candidates=self.candidates,
            materialized="MATERIALIZED " if connection.vendor == "postgresql" else "",
            user=quote(User._meta.db_table),
            agency=quote(Agency._meta.db_table),
            branches=join(branches, " UNION ALL "),
        )

    def insert(self, created_at):
        """INSERT … SELECT … ON CONFLICT DO NOTHING on the notification key. The conflict
        check always probes the unique index: no plan built on the statistics of this
        fast-changing table (empty on the first day, stale after a big sweep) can turn
        the "does it exist yet" test into a scan per row."""
        quote = connection.ops.quote_name
        return sql(
            "INSERT INTO {table} ({columns}) {select} ON CONFLICT ({key}) DO NOTHING",
            table=quote(Notification._meta.db_table),
            columns=", ".join(quote(c) for c in (*COLUMNS, "created_at")),
            select=self.select(created_at=created_at),
            key=", ".join(quote(c) for c in KEY),
        )


def _agency_people(ctx, *, escalating):
    """The agency's operators (and its head: at once, or from step 1 when `escalating`),
    plus the bureau admins at step 2 when `escalating`; each person once. Users are active;
    their agency is active unless they are also bureau admins (as the Python sweep had it)."""
    t = ctx.tables
    heads = "(u.is_agency_head AND d.step >= 1)" if escalating else "u.is_agency_head"
    people = (
        Sql("u.id"),
        Sql(
            f"JOIN {t['user']} u ON u.agency_id = d.agency_id"
            f" JOIN {t['agency']} ag ON ag.id = u.agency_id"
            " WHERE u.is_active AND (ag.is_active OR u.is_bureau_admin)"
            f" AND (u.is_agency_operator OR {heads})"
        ),
    )
    if not escalating:
        return [people]
    return [
        people,
        _bureau(ctx, besides="d.agency_id", roles="u.is_agency_operator OR u.is_agency_head"),
    ]


def _bureau(ctx, *, besides=None, roles=None, also=""):
    """The active bureau admins at step 2, except those already reached as (`roles`) of the
    agency `besides`."""
    not_reached = ""
    if besides:
        not_reached = (
            f" AND (u.agency_id IS NULL OR {besides} IS NULL OR u.agency_id <> {besides}"
            f" OR NOT ({roles}))"
        )
    return (Sql("u.id"), Sql(f"CROSS JOIN b u WHERE d.step >= 2{not_reached}{also}"))


def round_closing(ctx):
    """Submission closes in 7/3/1 days → operators and head of active agencies with nothing
    submitted in that round."""
    t = ctx.tables
    lead_dates = [ctx.today + datetime.timedelta(days=d) for d in ROUND_CLOSING_LEADS]
    candidates = sql(
        "SELECT r.id AS object_id, r.name AS round_name, r.submission_closes AS due_date,"
        " CASE {whens} END AS lead_days, 0 AS step"
        " FROM {round} r WHERE r.submission_closes IN ({dates}) AND r.submission_opens <= {today}",
        whens=join(
            [
                sql(f"WHEN r.submission_closes = {{date}} THEN {lead}", date=ctx.date(date))
                for lead, date in zip(ROUND_CLOSING_LEADS, lead_dates, strict=True)
            ],
            " ",
        ),
        round=t["round"],
        dates=join([ctx.date(d) for d in lead_dates], ", "),
        today=ctx.date(ctx.today),
    )
    nothing_submitted = sql(
        f"CROSS JOIN {t['user']} u JOIN {t['agency']} ag ON ag.id = u.agency_id"
        " WHERE u.is_active AND (ag.is_active OR u.is_bureau_admin)"
        " AND (u.is_agency_operator OR u.is_agency_head)"
        f" AND NOT EXISTS (SELECT 1 FROM {t['initiative']} i WHERE i.round_id = d.object_id"
        " AND i.agency_id = u.agency_id AND i.status IN {counted})",
        counted=params_in(sorted(SUBMITTED_STATUSES)),
    )
    return Statement(
        kind=Kind.ROUND_CLOSING,
        model=Round,
        candidates=candidates,
        facts={"round": Sql("x.round_name"), "due_date": ctx.dialect.day_label(Sql("x.due_date"))},
        link=_link(lambda _pk: texts.initiative_list_link(), "x.object_id"),
        recipients=[(Sql("u.id"), nothing_submitted)],
        leads=ROUND_CLOSING_LEADS,
    )


def revision_waiting(ctx):
    """A revision requested more than 3 days ago and not resubmitted → operators and head."""
    first_quiet_day = ctx.today - datetime.timedelta(days=REVISION_WAIT_DAYS)
    cutoff = timezone.make_aware(datetime.datetime.combine(first_quiet_day, datetime.time.min))
    requested_on = ctx.dialect.local_date(Sql("i.decided_at"))
    candidates = sql(
        "SELECT i.id AS object_id, i.title, i.agency_id, {requested_on} AS requested_on,"
        " {due} AS due_date, 0 AS lead_days, 0 AS step"
        " FROM {initiative} i WHERE i.status = {status} AND i.decided_at < {cutoff}",
        requested_on=requested_on,
        due=ctx.dialect.add_days(requested_on, REVISION_WAIT_DAYS),
        initiative=ctx.tables["initiative"],
        status=param(str(Status.REVISION)),
        cutoff=moment(cutoff),
    )
    return Statement(
        kind=Kind.REVISION_WAITING,
        model=Initiative,
        candidates=candidates,
        facts={
            "title": Sql("x.title"),
            "requested_on": ctx.dialect.day_label(Sql("x.requested_on")),
        },
        link=_link(texts.initiative_link, "x.object_id"),
        recipients=_agency_people(ctx, escalating=False),
    )


def review_due(ctx):
    """Open assignments of the current review cycle due in 3/1 days or overdue → reviewer,
    escalating to the reviewer's agency head and the bureau admins."""
    t = ctx.tables
    timing, due_today = ctx.due_today(Sql("a.due_date"), REVIEW_LEADS)
    candidates = sql(
        "SELECT a.id AS object_id, a.due_date, a.reviewer_id, ru.agency_id, i.title, {timing}"
        f" FROM {t['assignment']} a JOIN {t['initiative']} i ON i.id = a.initiative_id"
        f" JOIN {t['round']} r ON r.id = i.round_id JOIN {t['user']} ru ON ru.id = a.reviewer_id"
        " WHERE i.status = {status} AND {due_today}"
        f" AND NOT EXISTS (SELECT 1 FROM {t['review']} v WHERE v.assignment_id = a.id"
        " AND v.status = {submitted})"
        f" AND NOT EXISTS (SELECT 1 FROM {t['assignment']} a2"
        " WHERE a2.initiative_id = a.initiative_id AND a2.cycle > a.cycle)",
        timing=timing,
        status=param(str(Status.IN_REVIEW)),
        due_today=due_today,
        submitted=param(str(ReviewStatus.SUBMITTED)),
    )
    heads = (
        Sql("u.id"),
        Sql("JOIN h u ON u.agency_id = d.agency_id WHERE d.step >= 1 AND u.id <> d.reviewer_id"),
    )
    return Statement(
        kind=Kind.REVIEW_DUE,
        model=Assignment,
        candidates=candidates,
        facts=_due_facts(ctx, title="x.title"),
        link=_link(texts.review_link, "x.object_id"),
        recipients=[
            (Sql("d.reviewer_id"), Sql("WHERE 1 = 1")),
            heads,
            _bureau(
                ctx,
                besides="d.agency_id",
                roles="u.is_agency_head",
                also=" AND u.id <> d.reviewer_id",
            ),
        ],
        leads=REVIEW_LEADS,
        overdue=True,
    )


def _due_facts(ctx, **columns):
    return {
        **{name: Sql(column) for name, column in columns.items()},
        "due_date": ctx.dialect.day_label(Sql("x.due_date")),
        "days_overdue": Sql("CAST(x.days_overdue AS TEXT)"),
    }


def milestone_due(ctx):
    """Open milestones of quick wins in implementation due in 7/1 days or overdue → agency
    operators, escalating to the agency head and the bureau admins."""
    t = ctx.tables
    timing, due_today = ctx.due_today(Sql("m.due_date"), MILESTONE_LEADS)
    candidates = sql(
        "SELECT m.id AS object_id, m.due_date, m.title AS milestone, i.id AS initiative_id,"
        " i.title, i.agency_id, {timing}"
        f" FROM {t['milestone']} m JOIN {t['initiative']} i ON i.id = m.initiative_id"
        f" JOIN {t['round']} r ON r.id = i.round_id"
        " WHERE m.completed_on IS NULL AND i.status IN {statuses} AND {due_today}",
        timing=timing,
        statuses=params_in(sorted(IMPLEMENTING_STATUSES)),
        due_today=due_today,
    )
    return Statement(
        kind=Kind.MILESTONE_DUE,
        model=Milestone,
        candidates=candidates,
        facts=_due_facts(ctx, title="x.title", milestone="x.milestone"),
        link=_link(texts.initiative_link, "x.initiative_id"),
        recipients=_agency_people(ctx, escalating=True),
        leads=MILESTONE_LEADS,
        overdue=True,
    )


def _report_periods(round_):
    """[(period_start, period_end, due_date)] of a round (the canonical periods of monitoring)."""
    return [(p.start, p.end, p.due) for p in round_periods(round_)]


def report_due(ctx):
    """A progress report due in 3 days, or missing after its due date → agency operators,
    escalating to the agency head and the bureau admins. Only periods that overlap the
    quick win's own dates, for quick wins in implementation. The rounds' periods are
    computed in Python (one query for the rounds) and joined as rows."""
    t = ctx.tables
    rows = []
    for round_ in Round.objects.only(
        "id",
        "implementation_start",
        "implementation_end",
        "report_cadence",
        "report_due_day",
        "first_grace_days",
        "second_grace_days",
    ):
        for start, end, due in _report_periods(round_):
            days_left = (due - ctx.today).days
            if days_left in REPORT_LEADS:
                lead_days, step = days_left, Step.RESPONSIBLE
            elif days_left < 0:
                lead_days, step = 0, escalation_step(-days_left, round_)
            else:
                continue
            label = texts.period_label(start, end)
            rows.append((round_.pk, start, end, due, label, -days_left, lead_days, step))
    if not rows:  # no period to remind about: the same statement, finding nothing
        rows.append((0, ctx.today, ctx.today, ctx.today, "", 0, 0, 0))
    # VALUES columns are column1… on both PostgreSQL and SQLite. Exact row counts here give
    # PostgreSQL the right plan (hash joins) for the pairs of quick win and period.
    periods = sql(
        "SELECT column1 AS round_id, column2 AS period_start, column3 AS period_end,"
        " column4 AS due_date, column5 AS period, column6 AS days_overdue,"
        " column7 AS lead_days, column8 AS step FROM (VALUES {rows}) v",
        rows=join(
            [
                sql(
                    "({round_id}, {start}, {end}, {due}, {label}, {days}, {lead}, {step})",
                    round_id=int(round_id),
                    start=ctx.date(start),
                    end=ctx.date(end),
                    due=ctx.date(due),
                    label=param(label),
                    days=int(days),
                    lead=int(lead),
                    step=int(step),
                )
                for round_id, start, end, due, label, days, lead, step in rows
            ],
            ", ",
        ),
    )
    candidates = sql(
        "SELECT i.id AS object_id, p.due_date, p.period, i.title, i.agency_id,"
        " p.days_overdue, p.lead_days, p.step"
        f" FROM {t['initiative']} i JOIN ({{periods}}) p ON p.round_id = i.round_id"
        " WHERE i.status IN {statuses}"
        " AND (i.start_date IS NULL OR p.period_end >= i.start_date)"
        " AND (i.end_date IS NULL OR p.period_start <= i.end_date)"
        f" AND NOT EXISTS (SELECT 1 FROM {t['report']} pr WHERE pr.initiative_id = i.id"
        " AND pr.period_start >= p.period_start AND pr.period_start <= p.period_end)",
        periods=periods,
        statuses=params_in(sorted(IMPLEMENTING_STATUSES)),
    )
    return Statement(
        kind=Kind.REPORT_DUE,
        model=Initiative,
        candidates=candidates,
        facts=_due_facts(ctx, title="x.title", period="x.period"),
        link=_link(texts.initiative_link, "x.object_id"),
        recipients=_agency_people(ctx, escalating=True),
        leads=REPORT_LEADS,
        overdue=True,
    )


def decision_waiting(ctx, initiative_ids=None):
    """Every assignment of a quick win's current review cycle submitted (at least the round's
    minimum) → bureau admins: a decision is waiting. Keyed by the day the last review came in."""
    t = ctx.tables
    only = ""
    if initiative_ids is not None:
        only = sql(" AND i.id IN {ids}", ids=params_in(initiative_ids or [0]))
    candidates = sql(
        "SELECT i.id AS object_id, i.title,"
        " CASE WHEN ag.abbreviation <> '' THEN ag.abbreviation ELSE ag.name END AS agency,"
        " {last_in} AS due_date, 0 AS lead_days, 0 AS step"
        f" FROM {t['initiative']} i JOIN {t['round']} r ON r.id = i.round_id"
        f" JOIN {t['agency']} ag ON ag.id = i.agency_id"
        f" JOIN {t['assignment']} a ON a.initiative_id = i.id"
        f" LEFT JOIN {t['review']} v ON v.assignment_id = a.id"
        " WHERE i.status = {status}{only}"
        f" AND NOT EXISTS (SELECT 1 FROM {t['assignment']} a2"
        " WHERE a2.initiative_id = i.id AND a2.cycle > a.cycle)"
        " GROUP BY i.id, i.title, ag.abbreviation, ag.name, r.min_reviews_for_decision"
        " HAVING SUM(CASE WHEN v.status = {submitted} THEN 0 ELSE 1 END) = 0"
        " AND COUNT(*) >= CASE WHEN r.min_reviews_for_decision > 1"
        " THEN r.min_reviews_for_decision ELSE 1 END",
        last_in=ctx.dialect.local_date(Sql("MAX(v.submitted_at)")),
        status=param(str(Status.IN_REVIEW)),
        only=only,
        submitted=param(str(ReviewStatus.SUBMITTED)),
    )
    admins = (Sql("u.id"), Sql("CROSS JOIN b u WHERE 1 = 1"))
    return Statement(
        kind=Kind.DECISION_WAITING,
        model=Initiative,
        candidates=candidates,
        facts={"title": Sql("x.title"), "agency": Sql("x.agency")},
        link=_link(texts.initiative_link, "x.object_id"),
        recipients=[admins],
    )


COLLECTORS = (
    round_closing,
    revision_waiting,
    review_due,
    milestone_due,
    report_due,
    decision_waiting,
)


def _statements(today, collectors):
    ctx = Context.create(today or timezone.localdate())
    return [collector(ctx) for collector in collectors]


def collect(today=None, collectors=COLLECTORS):
    """Every notification due on `today` (WITA), unsaved: what `write()` would insert if
    none existed yet. One SELECT per kind (and one query for the rounds)."""
    due_date = Notification._meta.get_field("due_date")
    found = []
    with connection.cursor() as cursor:
        for statement in _statements(today, collectors):
            query = statement.select()
            cursor.execute(query.text, query.params)
            for row in cursor.fetchall():
                values = dict(zip(COLUMNS, row, strict=True))
                values["due_date"] = due_date.to_python(values["due_date"])
                found.append(Notification(**values))
    return found


def write(today=None, *, created_at, collectors=COLLECTORS):
    """Insert every notification due on `today` (WITA) that does not exist yet, created at
    `created_at`; returns how many were new. One INSERT … SELECT per kind (and one query
    for the rounds): the same number of queries at every size, a second run inserts nothing.
    Call it in a transaction with `services.queue_emails(since=created_at)` (run_sweep)."""
    written = 0
    with connection.cursor() as cursor:
        for statement in _statements(today, collectors):
            query = statement.insert(created_at)
            cursor.execute(query.text, query.params)
            written += max(cursor.rowcount, 0)
    return written
