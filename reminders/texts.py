"""Notification wording. Rendered once, when the notification is written, in the site's
default language (Indonesian) — the stored title/body are what the email and the list show.

`render()` writes one notification's text. The daily sweep writes its notifications in SQL
(`reminders.sweep`): it calls `render()` once per variant of a kind with `Placeholder`s for
the facts that differ per row (a title, a date, a number of days) and splits the result
around them, so both paths use the same wording and translations.
"""

import datetime

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .kinds import Kind, Step

DAY_FORMAT = "j M Y"  # sweep.py builds the same label in SQL (day, month abbreviation, year)
MARK = "\x00"  # around a placeholder's name in a rendered template


class Placeholder:
    """A fact left open in a template: renders as MARK + name + MARK (dates included)."""

    def __init__(self, name):
        self.name = name

    def __str__(self):
        return f"{MARK}{self.name}{MARK}"


class CountPlaceholder(int):
    """A number of days left open in a template. Its int value picks the plural form."""

    def __new__(cls, name, sample):
        count = super().__new__(cls, sample)
        count.name = name
        return count

    def __str__(self):
        return f"{MARK}{self.name}{MARK}"


def _day(value):
    if isinstance(value, Placeholder):
        return str(value)
    return date_format(value, DAY_FORMAT)


def month_abbreviations():
    """{month: abbreviation} as `_day()` writes it, in the default language."""
    with translation.override(settings.LANGUAGE_CODE):
        return {m: date_format(datetime.date(2000, m, 1), "M") for m in range(1, 13)}


def _link(name, *args):
    """A site path; falls back to the notification list while an app's URLs are not merged."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return reverse("reminders:list")


def initiative_link(initiative_id):
    return _link("initiatives:detail", initiative_id)


def initiative_list_link():
    return _link("initiatives:todo")


def review_link(assignment_id):
    return _link("evaluations:my_reviews")


def settings_link():
    return reverse("reminders:settings")


def period_label(start, end):
    """ "Mar 2027" for a month, "Jan–Mar 2027" for a quarter."""
    with translation.override(settings.LANGUAGE_CODE):
        if start.month == end.month:
            return date_format(start, "M Y")
        return f"{date_format(start, 'M')}–{date_format(end, 'M Y')}"


def _due_sentence(due_date, lead_days, days_overdue):
    if lead_days:
        return ngettext(
            "Due in %(days)s day, on %(date)s.", "Due in %(days)s days, on %(date)s.", lead_days
        ) % {"days": lead_days, "date": _day(due_date)}
    return ngettext(
        "%(days)s day overdue (due %(date)s).",
        "%(days)s days overdue (due %(date)s).",
        days_overdue,
    ) % {"days": days_overdue, "date": _day(due_date)}


def _escalation_sentence(step):
    if step == Step.AGENCY_HEAD:
        return _("Escalated to the agency head because it is still open after the grace period.")
    if step == Step.BUREAU:
        return _(
            "Escalated to the bureau admins because it is still open after the second grace period."
        )
    return ""


def render(kind, **ctx):
    """(title, body) for a kind, in the default language. `ctx` holds the kind's facts."""
    with translation.override(settings.LANGUAGE_CODE):
        title, lines = _render(kind, ctx)
        if escalation := _escalation_sentence(ctx.get("step", 0)):
            lines.append(escalation)
        return str(title)[:300], "\n".join(str(line) for line in lines if line)


def _render(kind, ctx):
    lead, overdue = ctx.get("lead_days", 0), ctx.get("days_overdue", 0)
    due = ctx.get("due_date")
    if kind == Kind.ROUND_CLOSING:
        return (
            ngettext(
                "Submission for %(round)s closes in %(days)s day",
                "Submission for %(round)s closes in %(days)s days",
                lead,
            )
            % {"round": ctx["round"], "days": lead},
            [
                _("Your agency has not submitted a quick win in this round yet."),
                _("Submission closes at the end of %(date)s (WITA).") % {"date": _day(due)},
            ],
        )
    if kind == Kind.REVISION_WAITING:
        return (
            _("Quick win “%(title)s” is waiting for your revision") % {"title": ctx["title"]},
            [
                _("The bureau asked for a revision on %(date)s; please revise and resubmit it.")
                % {"date": _day(ctx["requested_on"])}
            ],
        )
    if kind == Kind.REVIEW_DUE:
        title = (
            _("Review of “%(title)s” is due soon")
            if lead
            else _("Review of “%(title)s” is overdue")
        )
        return title % {"title": ctx["title"]}, [_due_sentence(due, lead, overdue)]
    if kind == Kind.MILESTONE_DUE:
        title = (
            _("Milestone “%(milestone)s” is due soon")
            if lead
            else _("Milestone “%(milestone)s” is overdue")
        )
        return title % {"milestone": ctx["milestone"]}, [
            _("Quick win: %(title)s.") % {"title": ctx["title"]},
            _due_sentence(due, lead, overdue),
        ]
    if kind == Kind.REPORT_DUE:
        title = (
            _("Progress report for %(period)s is due soon")
            if lead
            else _("Progress report for %(period)s is missing")
        )
        return title % {"period": ctx["period"]}, [
            _("Quick win: %(title)s.") % {"title": ctx["title"]},
            _due_sentence(due, lead, overdue),
        ]
    if kind == Kind.DECISION_WAITING:
        return (
            _("All reviews of “%(title)s” are in: a decision is waiting") % {"title": ctx["title"]},
            [_("Agency: %(agency)s.") % {"agency": ctx["agency"]}],
        )
    if kind == Kind.REVIEWER_ASSIGNED:
        return (
            _("You are asked to review “%(title)s”") % {"title": ctx["title"]},
            [_("Please submit your review by %(date)s.") % {"date": _day(due)}],
        )
    if kind == Kind.DECISION_MADE:
        return (
            _("Decision on “%(title)s”: %(decision)s")
            % {"title": ctx["title"], "decision": ctx["decision"]},
            [ctx.get("note", "")],
        )
    if kind == Kind.MILESTONE_SENT_BACK:
        return (
            _("Milestone “%(milestone)s” was sent back") % {"milestone": ctx["milestone"]},
            [
                _("Quick win: %(title)s.") % {"title": ctx["title"]},
                _("Reason: %(reason)s") % {"reason": ctx.get("reason", "")},
            ],
        )
    raise ValueError(f"unknown notification kind {kind!r}")
