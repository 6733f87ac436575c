"""What evaluations adds to the quick win's detail page and timeline (via initiatives.extensions).

Visibility (see docs/review.md): bureau admins and leadership see every submitted review with
names; a reviewer sees others' reviews only after submitting their own; agency users see
the bureau's decisions and notes and, once decided, anonymised totals — never names.
"""

from django.utils.translation import gettext as _

from core.workflow import Status
from initiatives.extensions import TimelineEvent

from . import selectors
from .models import ReviewStatus

DECIDED = {
    Status.REVISION,
    Status.APPROVED,
    Status.REJECTED,
    Status.IN_PROGRESS,
    Status.COMPLETED,
    Status.EVALUATED,
    Status.CANCELLED,
}


def review_panel_context(request, initiative):
    user = request.user
    if not user.has_perm("initiatives.view_initiative", initiative):
        return None
    is_bureau = user.is_bureau_admin or user.is_leadership or user.is_reviewer
    # Every review read below comes from one load (two queries), when any is shown.
    rows = selectors.review_rows(initiative) if is_bureau or initiative.status in DECIDED else []
    context = {
        "initiative": initiative,
        "decisions": selectors.decisions_of(initiative),
        "summary": None,
        "reviews": [],
        "show_names": False,
        "anonymised": [],
        "can_assign": user.has_perm("evaluations.assign_reviewers", initiative),
        "can_decide": user.has_perm("evaluations.decide", initiative),
        "my_assignment": None,
    }
    if is_bureau:
        reviews, show_names = selectors.visible_reviews(initiative, user, rows)
        context.update(reviews=reviews, show_names=show_names)
        if (
            user.is_bureau_admin
            or user.is_leadership
            or any(
                r.assignment.reviewer_id == user.pk and r.status == ReviewStatus.SUBMITTED
                for r in reviews
            )
        ):
            context["summary"] = selectors.aggregate_for(initiative, rows)
        context["my_assignment"] = selectors.latest_assignment_of(initiative, user, rows)
    elif initiative.status in DECIDED:
        # One load of the latest cycle's totals serves both the summary and the list.
        cycle, totals = selectors.latest_cycle_totals(initiative, rows)
        context["summary"] = selectors.summary_of(cycle, totals)
        context["anonymised"] = totals
    if not (context["decisions"] or context["reviews"] or context["summary"] or is_bureau):
        return None
    return context


def review_timeline(initiative, user):
    """'Review submitted' events; the reviewer is named only to bureau staff who may know."""
    names_for_all = user.is_bureau_admin or user.is_leadership
    reviews = selectors.submitted_reviews_of(initiative)
    own_cycles = {r.assignment.cycle for r in reviews if r.assignment.reviewer_id == user.pk}
    events = []
    for r in reviews:
        named = names_for_all or (user.is_reviewer and r.assignment.cycle in own_cycles)
        events.append(
            TimelineEvent(
                when=r.submitted_at,
                kind="review",
                title=_("Review submitted (cycle %(cycle)s)") % {"cycle": r.assignment.cycle},
                actor=str(r.assignment.reviewer) if named else "",
            )
        )
    return events
