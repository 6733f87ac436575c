"""Reads for the review process: aggregates in the database, fixed query counts per page."""

from collections import defaultdict

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from core.paging import page_of_ids
from core.scores import DISAGREEMENT_SPREAD, summarise, to_decimal
from core.workflow import Action, Status
from initiatives.models import Initiative, StatusChange

from .models import Assignment, CriterionScore, Recommendation, Review, ReviewStatus

BOARD_STATUSES = [
    Status.SUBMITTED,
    Status.IN_REVIEW,
    Status.REVISION,
    Status.APPROVED,
    Status.REJECTED,
    Status.IN_PROGRESS,
    Status.COMPLETED,
    Status.EVALUATED,
    Status.CANCELLED,
]
DECISION_ACTIONS = [Action.APPROVE, Action.REQUEST_REVISION, Action.REJECT]


def _latest_cycle():
    return Coalesce(
        Subquery(
            Assignment.objects.filter(initiative=OuterRef("pk"))
            .values("initiative")
            .annotate(m=Max("cycle"))
            .values("m")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _current_reviews():
    """Submitted reviews of the outer quick win's latest cycle (needs `review_cycle`)."""
    return Review.objects.filter(
        status=ReviewStatus.SUBMITTED,
        assignment__initiative=OuterRef("pk"),
        assignment__cycle=OuterRef("review_cycle"),
    ).values("assignment__initiative")


def _stat(aggregate, output=None):
    return Subquery(
        _current_reviews().annotate(v=aggregate).values("v")[:1],
        output_field=output or DecimalField(max_digits=7, decimal_places=2),
    )


def with_review_stats(queryset):
    """Annotate review_cycle, assigned_count, review_count, score_mean/min/max, spread,
    and the recommendation tally — all in one SQL query."""
    count = IntegerField()
    queryset = queryset.annotate(review_cycle=_latest_cycle())
    return queryset.annotate(
        assigned_count=Coalesce(
            Subquery(
                Assignment.objects.filter(initiative=OuterRef("pk"), cycle=OuterRef("review_cycle"))
                .values("initiative")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=count,
            ),
            Value(0),
        ),
        review_count=Coalesce(_stat(Count("pk"), count), Value(0)),
        score_mean=_stat(Avg("total_score")),
        score_min=_stat(Min("total_score")),
        score_max=_stat(Max("total_score")),
        rec_approve=Coalesce(
            _stat(Count("pk", filter=Q(recommendation=Recommendation.APPROVE)), count), Value(0)
        ),
        rec_revise=Coalesce(
            _stat(Count("pk", filter=Q(recommendation=Recommendation.REVISE)), count), Value(0)
        ),
        rec_reject=Coalesce(
            _stat(Count("pk", filter=Q(recommendation=Recommendation.REJECT)), count), Value(0)
        ),
    ).annotate(
        score_spread=ExpressionWrapper(
            F("score_max") - F("score_min"),
            output_field=DecimalField(max_digits=7, decimal_places=2),
        )
    )


def current_review_scores(initiative_ids):
    """{initiative id: [total scores of submitted reviews in its latest cycle]} in one query."""
    newer = Assignment.objects.filter(
        initiative=OuterRef("assignment__initiative"), cycle__gt=OuterRef("assignment__cycle")
    )
    rows = (
        Review.objects.filter(
            assignment__initiative_id__in=initiative_ids, status=ReviewStatus.SUBMITTED
        )
        .filter(~Exists(newer))
        .values_list("assignment__initiative_id", "total_score")
    )
    scores = defaultdict(list)
    for initiative_id, total in rows:
        scores[initiative_id].append(total)
    return scores


def attach_aggregates(initiatives):
    """Give each annotated quick win `.review_summary` (mean, median, spread, disagree, band).

    Mean and spread come from the database annotations; the median needs the list of
    scores, fetched for all rows in one query.
    """
    initiatives = list(initiatives)
    scores = current_review_scores([i.pk for i in initiatives])
    for initiative in initiatives:
        summary = summarise(scores.get(initiative.pk, []))
        initiative.review_summary = summary
    return initiatives


def review_rows(initiative):
    """The quick win's assignments with their reviewer, review and the review's scores (two
    queries). Pass them as `assignments=` to `reviews_of`, `visible_reviews`,
    `latest_cycle_totals`, `aggregate_for` and `latest_assignment_of`: the detail page's
    review panel reads them all from one load."""
    scores = Prefetch("review__scores", queryset=CriterionScore.objects.select_related("criterion"))
    return list(
        initiative.assignments.select_related("reviewer", "review").prefetch_related(scores)
    )


def _review_of(assignment):
    try:
        return assignment.review
    except Review.DoesNotExist:
        return None


def latest_cycle_totals(initiative, assignments=None):
    """(cycle, [total, …]) of the quick win's latest review cycle, submitted reviews in the
    order they were submitted (two queries; none given its `review_rows`)."""
    if assignments is not None:
        cycle = max((a.cycle for a in assignments), default=0)
        current = [
            review
            for a in assignments
            if a.cycle == cycle
            and (review := _review_of(a)) is not None
            and review.status == ReviewStatus.SUBMITTED
        ]
        current.sort(key=lambda r: (r.submitted_at, r.pk))
        return cycle, [r.total_score for r in current]
    cycle = initiative.assignments.aggregate(c=Max("cycle"))["c"] or 0
    totals = (
        Review.objects.filter(
            assignment__initiative=initiative,
            assignment__cycle=cycle,
            status=ReviewStatus.SUBMITTED,
        )
        .order_by("submitted_at", "pk")
        .values_list("total_score", flat=True)
    )
    return cycle, list(totals)


def latest_assignment_of(initiative, user, assignments=None):
    """The user's assignment of the latest cycle they were assigned in, or None (one query;
    none given the quick win's `review_rows`)."""
    if assignments is None:
        return initiative.assignments.filter(reviewer=user).order_by("-cycle").first()
    mine = [a for a in assignments if a.reviewer_id == user.pk]
    return max(mine, key=lambda a: a.cycle, default=None)


def summary_of(cycle, totals):
    """The review summary (count, mean, median, spread…) of one cycle's totals."""
    summary = summarise(totals)
    summary["cycle"] = cycle
    return summary


def aggregate_for(initiative, assignments=None):
    """The review summary of one quick win's latest cycle (count, mean, median, spread…)."""
    return summary_of(*latest_cycle_totals(initiative, assignments))


SORTS = {
    "title": "title",
    "agency": "agency__abbreviation",
    "status": "status",
    "reviews": "review_count",
    "mean": "score_mean",
    "spread": "score_spread",
}


def _board_rows(round_, *, agency=None, area=None, status=None):
    queryset = Initiative.objects.filter(round=round_, status__in=BOARD_STATUSES)
    if agency:
        queryset = queryset.filter(agency_id=agency)
    if area:
        queryset = queryset.filter(change_area_id=area)
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def _board_order(sort, field=None):
    key = sort.lstrip("-")
    if key in SORTS:
        field = F(field or SORTS[key])
        order = field.desc(nulls_last=True) if sort.startswith("-") else field.asc(nulls_last=True)
        return [order, "pk"]
    return ["agency__abbreviation", "title", "pk"]


def board_queryset(round_, *, agency=None, area=None, status=None, disagree=False, sort=""):
    """Every row of the board, annotated with its review statistics (the exports read this)."""
    queryset = with_review_stats(
        _board_rows(round_, agency=agency, area=area, status=status).select_related(
            "agency", "change_area"
        )
    )
    if disagree:
        queryset = queryset.filter(score_spread__gt=DISAGREEMENT_SPREAD)
    return queryset.order_by(*_board_order(sort))


# Sorts on review statistics: `_current_stat` computes the one the order needs.
STAT_SORTS = {"reviews", "mean", "spread"}


def _current_stat(key):
    """One review statistic of the outer quick win (review count, mean or spread of its
    latest cycle's submitted reviews) as a single correlated subquery: the same values as
    `with_review_stats`, without its nine subqueries (the latest cycle is "no newer
    assignment of the quick win", read through the initiative index)."""
    newer = Assignment.objects.filter(
        initiative=OuterRef("assignment__initiative"), cycle__gt=OuterRef("assignment__cycle")
    )
    current = (
        Review.objects.filter(status=ReviewStatus.SUBMITTED, assignment__initiative=OuterRef("pk"))
        .filter(~Exists(newer))
        .order_by()
        .values("assignment__initiative")
    )
    decimal = DecimalField(max_digits=7, decimal_places=2)
    if key == "reviews":
        count = current.annotate(v=Count("pk")).values("v")
        return Coalesce(Subquery(count, output_field=IntegerField()), Value(0))
    if key == "mean":
        return Subquery(current.annotate(v=Avg("total_score")).values("v"), output_field=decimal)
    spread = current.annotate(
        v=ExpressionWrapper(Max("total_score") - Min("total_score"), output_field=decimal)
    ).values("v")
    return Subquery(spread, output_field=decimal)


def board_page(round_, page_number, *, per_page=25, disagree=False, sort="", **filters):
    """One page of the board: a Paginator page whose rows carry the review statistics,
    the rows and order of `board_queryset`.

    Two queries (the count and the rows). The page is cut first: its ids are an ordered,
    sliced subquery over the round's quick wins, and only those rows get the eight per-row
    review subqueries (one SQL statement: the rows whose id is in the slice). Sorted by
    title, agency or status the ids need nothing else; sorted by reviews, mean or spread,
    or filtered on disagreement, the ids query computes that one statistic per quick win
    (`_current_stat`), not all of them; filtered on disagreement, the filtered ids are read
    once instead of computing the spread for the count again.
    """
    ids = _board_rows(round_, **filters)
    if disagree:
        ids = ids.alias(board_spread=_current_stat("spread")).filter(
            board_spread__gt=DISAGREEMENT_SPREAD
        )
    key = sort.lstrip("-")
    if key in STAT_SORTS:
        ids = ids.alias(board_key=_current_stat(key)).order_by(*_board_order(sort, "board_key"))
    else:
        ids = ids.order_by(*_board_order(sort))
    # Filtered on disagreement, the ordered ids are read once (their number is the count);
    # otherwise the page's slice stays a subquery of the rows' statement.
    page, page_ids = page_of_ids(ids.values("pk"), page_number, per_page, fetch_all=disagree)
    page.object_list = list(
        with_review_stats(
            Initiative.objects.filter(pk__in=page_ids).select_related("agency", "change_area")
        ).order_by(*_board_order(sort))
    )
    return page


def criterion_means(initiative_ids):
    """{(initiative id, criterion id): mean 1–5 score} over submitted reviews of the latest cycle."""
    newer = Assignment.objects.filter(
        initiative=OuterRef("review__assignment__initiative"),
        cycle__gt=OuterRef("review__assignment__cycle"),
    )
    rows = (
        CriterionScore.objects.filter(
            review__assignment__initiative_id__in=initiative_ids,
            review__status=ReviewStatus.SUBMITTED,
        )
        .filter(~Exists(newer))
        .values("review__assignment__initiative_id", "criterion_id")
        .annotate(mean=Avg("score"))
        .order_by()
    )
    return {
        (r["review__assignment__initiative_id"], r["criterion_id"]): to_decimal(r["mean"])
        for r in rows
    }


def my_assignments(user):
    """The reviewer's work: (pending by due date as a list, submitted newest first as a queryset).

    Pending is filtered in the database (not submitted, quick win still in review, latest
    cycle), so it stays small; the submitted queryset is paginated by the caller.
    """
    latest_cycle = Subquery(
        Assignment.objects.filter(initiative=OuterRef("initiative"))
        .values("initiative")
        .annotate(m=Max("cycle"))
        .values("m")[:1],
        output_field=IntegerField(),
    )
    review_status = Subquery(Review.objects.filter(assignment=OuterRef("pk")).values("status")[:1])
    mine = (
        Assignment.objects.filter(reviewer=user)
        .select_related("initiative__agency", "initiative__change_area", "initiative__round")
        .annotate(
            review_status=review_status,
            review_total=Subquery(
                Review.objects.filter(assignment=OuterRef("pk")).values("total_score")[:1]
            ),
            latest_cycle=latest_cycle,
        )
    )
    # An unsubmitted assignment stops being work once the quick win has left review or
    # moved to a newer cycle (decided with enough other reviews): it is simply dropped.
    pending = list(
        mine.filter(initiative__status=Status.IN_REVIEW, cycle=F("latest_cycle"))
        .filter(Q(review_status__isnull=True) | Q(review_status=ReviewStatus.DRAFT))
        .order_by("due_date", "pk")
    )
    done = mine.filter(review_status=ReviewStatus.SUBMITTED).order_by("-due_date", "-pk")
    return pending, done


def reviews_of(initiative, assignments=None):
    """Every review (draft or submitted) of a quick win with its scores, in one or two queries
    (none given its `review_rows`): by cycle, then submission (drafts last), then id."""
    if assignments is not None:
        reviews = [review for a in assignments if (review := _review_of(a)) is not None]
        return sorted(
            reviews,
            key=lambda r: (r.assignment.cycle, r.submitted_at is None, r.submitted_at or 0, r.pk),
        )
    return list(
        Review.objects.filter(assignment__initiative=initiative)
        .select_related("assignment__reviewer")
        .prefetch_related(
            Prefetch("scores", queryset=CriterionScore.objects.select_related("criterion"))
        )
        .order_by("assignment__cycle", F("submitted_at").asc(nulls_last=True), "pk")
    )


def submitted_reviews_of(initiative):
    """The quick win's submitted reviews with assignment and reviewer, without their scores
    (one query), in the order of `reviews_of`."""
    return list(
        Review.objects.filter(assignment__initiative=initiative, status=ReviewStatus.SUBMITTED)
        .select_related("assignment__reviewer")
        .order_by("assignment__cycle", "submitted_at", "pk")
    )


def visible_reviews(initiative, user, assignments=None):
    """The reviews `user` may read, and whether reviewer names may be shown.

    Bureau admins and leadership: every submitted review with names. A reviewer: their own
    review, plus others' submitted reviews of each cycle in which they submitted their own.
    Agency users: none individually (see `anonymised_scores`).
    """
    reviews = reviews_of(initiative, assignments)
    if user.is_bureau_admin or user.is_leadership:
        return [r for r in reviews if r.status == ReviewStatus.SUBMITTED], True
    if user.is_reviewer:
        own_cycles = {
            r.assignment.cycle
            for r in reviews
            if r.assignment.reviewer_id == user.pk and r.status == ReviewStatus.SUBMITTED
        }
        shown = [
            r
            for r in reviews
            if r.assignment.reviewer_id == user.pk
            or (r.status == ReviewStatus.SUBMITTED and r.assignment.cycle in own_cycles)
        ]
        return shown, True
    return [], False


def anonymised_scores(initiative, assignments=None):
    """[("Reviewer 1", total), …] of the latest cycle, for the agency once decided."""
    return latest_cycle_totals(initiative, assignments)[1]


def decisions_of(initiative):
    """The bureau's decisions (approve / revise / reject) with their notes, newest first
    (from the prefetch cache when the caller loaded the status changes: the detail page)."""
    if "status_changes" in getattr(initiative, "_prefetched_objects_cache", {}):
        changes = [c for c in initiative.status_changes.all() if c.action in DECISION_ACTIONS]
        return sorted(changes, key=lambda c: (c.created_at, c.pk), reverse=True)
    return list(
        StatusChange.objects.filter(initiative=initiative, action__in=DECISION_ACTIONS)
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )


def previous_review(assignment):
    """The same reviewer's submitted review of the previous cycle, if any."""
    if assignment.cycle <= 1:
        return None
    return (
        Review.objects.filter(
            assignment__initiative_id=assignment.initiative_id,
            assignment__reviewer_id=assignment.reviewer_id,
            assignment__cycle=assignment.cycle - 1,
            status=ReviewStatus.SUBMITTED,
        )
        .prefetch_related("scores__criterion")
        .first()
    )
