"""The kinds of notification. Users mute email per kind; in-app always stays."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    # Found by the daily sweep.
    ROUND_CLOSING = "round_closing", _("Submission window closing")
    REVISION_WAITING = "revision_waiting", _("Revision waiting")
    REVIEW_DUE = "review_due", _("Review due or overdue")
    MILESTONE_DUE = "milestone_due", _("Milestone due or overdue")
    REPORT_DUE = "report_due", _("Progress report due or missing")
    DECISION_WAITING = "decision_waiting", _("All reviews in: decision waiting")
    # Sent at once by signal receivers.
    REVIEWER_ASSIGNED = "reviewer_assigned", _("Review assignment")
    DECISION_MADE = "decision_made", _("Decision on a quick win")
    MILESTONE_SENT_BACK = "milestone_sent_back", _("Milestone sent back")
    # Sent by the dashboard's weekly task (Mondays), with the PDF briefing attached.
    WEEKLY_BRIEFING = "weekly_briefing", _("Weekly briefing")


class Step(models.IntegerChoices):
    """Escalation step of an overdue item (0 for everything that is not overdue)."""

    RESPONSIBLE = 0, _("Responsible people")
    AGENCY_HEAD = 1, _("Escalated to the agency head")
    BUREAU = 2, _("Escalated to the bureau admins")
