"""The reporting calendar: the periods a quick win reports on, and month ends for charts.

A round reports monthly (or quarterly) on whole calendar periods; each period's report is
due on the round's due day of the month after the period ends, at the end of that day in
WITA. Pure functions: a round is anything with the fields of `initiatives.Round`.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _


class ReportCadence(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


@dataclass(frozen=True)
class ReportingPeriod:
    """A calendar month or quarter; its report is due on `due` (end of day WITA)."""

    start: datetime.date
    end: datetime.date
    due: datetime.date

    @property
    def label(self):
        if self.start.month == self.end.month:
            return formats.date_format(self.start, "F Y")
        return "%s – %s" % (
            formats.date_format(self.start, "M"),
            formats.date_format(self.end, "M Y"),
        )

    @property
    def key(self):
        return self.start.isoformat()

    def __str__(self):
        return str(self.label)


def _add_months(day, months):
    month_index = day.year * 12 + day.month - 1 + months
    return datetime.date(month_index // 12, month_index % 12 + 1, 1)


def reporting_periods(*, start, end, cadence=ReportCadence.MONTHLY, due_day=10):
    """The reporting periods covering [start, end]: whole calendar months (or quarters).

    A period that only partly overlaps the window is still a whole calendar period, so
    every quick win of a round reports on the same periods. Each report is due on
    `due_day` of the month after the period ends.
    """
    if end < start:
        return []
    months = 3 if cadence == ReportCadence.QUARTERLY else 1
    first = datetime.date(start.year, start.month, 1)
    if months == 3:
        first = datetime.date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    periods = []
    period_start = first
    while period_start <= end:
        next_start = _add_months(period_start, months)
        period_end = next_start - datetime.timedelta(days=1)
        due = next_start.replace(
            day=min(due_day, calendar.monthrange(next_start.year, next_start.month)[1])
        )
        periods.append(ReportingPeriod(period_start, period_end, due))
        period_start = next_start
    return periods


def round_periods(round_):
    return reporting_periods(
        start=round_.implementation_start,
        end=round_.implementation_end,
        cadence=round_.report_cadence,
        due_day=round_.report_due_day,
    )


def initiative_periods(initiative):
    """The round's periods that overlap the quick win's own schedule."""
    start = initiative.start_date or initiative.round.implementation_start
    end = initiative.end_date or initiative.round.implementation_end
    return [p for p in round_periods(initiative.round) if p.end >= start and p.start <= end]


def period_starting(round_, start):
    """The round's period that starts on `start`, or None."""
    for period in round_periods(round_):
        if period.start == start:
            return period
    return None


def open_periods_for_round(round_, today):
    """The round's periods that have started, the latest first (what the bureau may import)."""
    return [p for p in reversed(round_periods(round_)) if p.start <= today]


def open_periods(initiative, today):
    """Periods the agency may report on now: started, overlapping the quick win."""
    return [p for p in initiative_periods(initiative) if p.start <= today]


def month_ends(start, end):
    """The last day of every calendar month from `start`'s to `end`'s."""
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(datetime.date(year, month, calendar.monthrange(year, month)[1]))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return months
