"""Reads for the quick-win pages: the lists' page, the merged timeline and the agency's to-do
page."""

from django.core.paginator import Paginator
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.workflow import Action, Status

from .extensions import TimelineEvent, timeline_events_from_other_apps
from .models import Initiative, Round


def current_round(request):
    """Round.objects.current(), looked up once per request: a view that needs the open round
    and the page header (initiatives.context_processors.current_round) share one query."""
    if not hasattr(request, "_qw_current_round"):
        request._qw_current_round = Round.objects.current()
    return request._qw_current_round


def list_page(queryset, page_number, per_page):
    """One page of a quick-win list: a Paginator page whose object_list holds its rows.

    Two queries, whatever the page: the count, then the rows. The page's ids are cut first,
    as an ordered, sliced id subquery of the filtered list, in the same statement as the
    rows (`... WHERE id IN (SELECT id ... ORDER BY ... LIMIT 20 OFFSET n)`): the subquery
    reads only the ordering index (an index-only scan at the default order), so the rows
    a deep page skips are never joined to their agency, area and round. Pages past the
    middle count from the end instead (the same order reversed, OFFSET from the last row):
    the last page skips nothing. The order always ends with the id, so a page never
    repeats or loses a quick win whose sort key ties with another's.

    At 50,000 quick wins (docs/performance.md): the last page's statement went
    from ~120 ms (OFFSET 49,980 over the joined rows) to under 1 ms.
    """
    ordering = list(queryset.query.order_by or Initiative._meta.ordering)
    if not {str(field).lstrip("-") for field in ordering} & {"id", "pk"}:
        ordering.append("id")
    ids = queryset.order_by(*ordering).values("pk")  # values() drops select_related's joins
    page = Paginator(ids, per_page).get_page(page_number)
    count = page.paginator.count
    if not count:
        page.object_list = []
        return page
    bottom, top = page.start_index() - 1, page.end_index()
    if bottom > count - top:
        page_ids = ids.reverse()[count - top : count - bottom]
    else:
        page_ids = ids[bottom:top]
    page.object_list = list(
        Initiative.objects.for_list().filter(pk__in=page_ids).order_by(*ordering)
    )
    return page


def related_rows(initiative, name, *select):
    """The quick win's `name` rows: from the prefetch cache when the caller loaded them
    (the detail page's `for_detail()`), else one query with `select` joined."""
    if name in getattr(initiative, "_prefetched_objects_cache", {}):
        return list(getattr(initiative, name).all())
    return list(getattr(initiative, name).select_related(*select))


def _automatic_note(change):
    if change.action == Action.ASSIGN:
        return _("Back to the reviewers of the previous cycle after the resubmission.")
    return _("A step the system took by itself.")


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
            actor=_("Automatic") if change.is_automatic else _name(change.actor),
            body=change.note or (_automatic_note(change) if change.is_automatic else ""),
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
