"""Reads for the quick-win pages: the merged timeline and the agency's to-do page."""

from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .extensions import TimelineEvent, timeline_events_from_other_apps
from .models import Initiative
from .monitoring import related_rows
from .workflow import Status


def _name(user):
    return str(user) if user else _("System")


def timeline(initiative, user):
    """Status changes, comments and other apps' events of one quick win, oldest first.

    Runs a fixed number of queries (two here, plus what the registered providers run).
    """
    labels = dict(Status.choices)
    events = [
        TimelineEvent(
            when=change.created_at,
            kind="status",
            title=f"{labels.get(change.from_status, change.from_status)} → "
            f"{labels.get(change.to_status, change.to_status)}",
            actor=_name(change.actor),
            body=change.note,
            extra={"to_status": change.to_status},
        )
        for change in related_rows(initiative, "status_changes", "actor")
    ]
    events += [
        TimelineEvent(
            when=comment.created_at,
            kind="comment",
            title=_("Comment"),
            actor=_name(comment.author),
            body=comment.body,
        )
        for comment in initiative.comments.select_related("author")
    ]
    events += timeline_events_from_other_apps(initiative, user)
    return sorted(events, key=lambda e: e.when)


def agency_todo(user, round_):
    """(revision requests, the agency's quick wins of the open round) for the to-do page.

    Each quick win carries `next_milestone_due` (the earliest unfinished milestone from
    today) and the progress/health annotations of `with_progress()`.
    """
    today = timezone.localdate()
    mine = (
        Initiative.objects.visible_to(user)
        .filter(agency_id=user.agency_id)
        .for_list()
        .with_progress(today)
        .annotate(
            next_milestone_due=Min(
                "milestones__due_date",
                filter=Q(milestones__completed_on__isnull=True, milestones__due_date__gte=today),
            )
        )
    )
    revisions = list(mine.filter(status=Status.REVISION).order_by("updated_at"))
    current = list(mine.filter(round=round_).order_by("title")) if round_ else []
    return revisions, current
