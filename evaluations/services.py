"""Writes for the review process: rubrics, assignments, reviews, decisions, review cycles.

Every status change goes through `initiatives.services.transition()`; signals for other
apps are sent only after the transaction commits.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import audit
from accounts.models import User
from core.scores import weighted_total
from core.workflow import Action, Status
from initiatives.models import Initiative
from initiatives.services import WorkflowError, transition

from .models import Assignment, Criterion, CriterionScore, Review, ReviewStatus, Rubric
from .signals import review_submitted, reviewer_assigned


class EvaluationError(Exception):
    """A review-process step was refused; `messages` say why, in the user's language."""

    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(str(m) for m in self.messages))


# The default rubric (name, guidance, weight); the reasons for the weights are in docs/review.md.
DEFAULT_CRITERIA = [
    (
        gettext_lazy("Relevance to the root cause and the change area"),
        gettext_lazy(
            "Does the quick win attack the root cause it names, inside the chosen area of change?"
        ),
        20,
    ),
    (
        gettext_lazy("Public impact"),
        gettext_lazy("How many people benefit, and how much does their service visibly improve?"),
        20,
    ),
    (
        gettext_lazy("Speed (benefit felt within 12 months)"),
        gettext_lazy("Will users feel the benefit within twelve months of the start?"),
        15,
    ),
    (
        gettext_lazy("Feasibility and cost"),
        gettext_lazy("Are the plan, people and budget realistic for the agency?"),
        15,
    ),
    (
        gettext_lazy("Measurability of indicators"),
        gettext_lazy("Do the indicators have a baseline, a target and a source of evidence?"),
        10,
    ),
    (
        gettext_lazy("Innovation"),
        gettext_lazy("Is it new for the province, or a clear improvement on existing practice?"),
        10,
    ),
    (
        gettext_lazy("Sustainability"),
        gettext_lazy("Will it keep working after the round: rules, budget, owner?"),
        10,
    ),
]


def rubric_for_round(round):  # noqa: A002 - the brief names it so
    """The round's rubric; creates the default seven-criterion rubric when it has none.

    Guarantees: at most one rubric per round even when called concurrently.
    """
    try:
        return Rubric.objects.get(round=round)
    except Rubric.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            rubric = Rubric.objects.create(round=round)
            Criterion.objects.bulk_create(
                Criterion(rubric=rubric, name=str(name), guidance=str(guidance), weight=w, order=i)
                for i, (name, guidance, w) in enumerate(DEFAULT_CRITERIA, start=1)
            )
            return rubric
    except IntegrityError:  # created by a parallel request
        return Rubric.objects.get(round=round)


def _criteria_snapshot(rubric):
    return {
        "criteria": [
            {"name": c.name, "weight": c.weight, "guidance": c.guidance}
            for c in rubric.criteria.order_by("order", "pk")
        ]
    }


def replace_criteria(*, rubric, rows, by=None):
    """Make the rubric's criteria exactly `rows` (dicts: id or None, name, guidance, weight).

    Guarantees: refused once the rubric is locked (checked under the row lock); weights
    add up to 100; every id is one of this rubric's criteria, each named once; criteria
    left out are deleted along with draft scores given to them;
    the criteria before and after are written to the audit trail with `by`.
    """
    total = sum(int(row["weight"]) for row in rows)
    if not rows:
        raise EvaluationError(_("A rubric needs at least one criterion."))
    if total != 100:
        raise EvaluationError(
            _("Criterion weights must add up to 100; they add up to %(total)s.") % {"total": total}
        )
    with transaction.atomic():
        locked = Rubric.objects.select_for_update().get(pk=rubric.pk)
        if locked.is_locked:
            raise EvaluationError(
                _(
                    "This rubric is locked because a review has been submitted; it can no longer be changed."
                )
            )
        before = _criteria_snapshot(locked)
        keep_ids = [row["id"] for row in rows if row.get("id")]
        own_ids = set(locked.criteria.values_list("pk", flat=True))
        if len(set(keep_ids)) != len(keep_ids) or not own_ids.issuperset(keep_ids):
            # A row names a criterion of another rubric, one deleted meanwhile, or one twice:
            # saving would silently drop it and leave weights that no longer add up to 100.
            raise EvaluationError(
                _(
                    "The rubric was changed by someone else while you were editing it. "
                    "Reload the page and make your change again."
                )
            )
        removed = locked.criteria.exclude(pk__in=keep_ids)
        CriterionScore.objects.filter(criterion__in=removed).delete()
        removed.delete()
        for order, row in enumerate(rows, start=1):
            values = {
                "name": row["name"],
                "guidance": row.get("guidance", ""),
                "weight": int(row["weight"]),
                "order": order,
            }
            if row.get("id"):
                Criterion.objects.filter(pk=row["id"], rubric=locked).update(**values)
            else:
                Criterion.objects.create(rubric=locked, **values)
        audit.record(
            by=by,
            action="rubric_changed",
            obj=locked,
            before=before,
            after=_criteria_snapshot(locked),
        )
    return locked


def current_cycle(initiative):
    """The newest review cycle of a quick win (0 before any assignment)."""
    return initiative.assignments.aggregate(c=Max("cycle"))["c"] or 0


def reviewer_problem(initiative, reviewer):
    """Why this person may not review this quick win, or None."""
    if not reviewer.is_reviewer or not reviewer.is_active:
        return _("%(name)s is not a reviewer.") % {"name": reviewer}
    if reviewer.agency_id and reviewer.agency_id == initiative.agency_id:
        return _("%(name)s belongs to the proposing agency and may not review this quick win.") % {
            "name": reviewer
        }
    return None


def due_date_problem(round_, due_date):
    """Why `due_date` cannot be the due date of a review in `round_`, or None."""
    if due_date < timezone.localdate():
        return _("The due date cannot be in the past.")
    if due_date > round_.implementation_end:
        return _("The due date cannot be after the round's implementation ends (%(date)s).") % {
            "date": date_format(round_.implementation_end, "j M Y")
        }
    return None


def _default_due_date(initiative):
    today = timezone.localdate()
    deadline = initiative.round.review_deadline
    # A deadline already past would make every new assignment overdue on arrival.
    return deadline if deadline >= today else today + datetime.timedelta(days=7)


def assign_reviewers(*, initiative, reviewers, by, due_date=None, automatic=False):
    """Assign `reviewers` to a submitted or in-review quick win; returns the new assignments.

    Guarantees: a reviewer of the proposing agency is refused (nothing is written), and so
    is a due date in the past or after the round's implementation ends; a reviewer already
    assigned in the current cycle is skipped; a submitted quick win moves to in_review
    through `transition(action="assign")` in the same transaction;
    `reviewer_assigned` is sent for each new assignment after commit. `automatic`: the step
    is the product's own (the timeline credits the system, not `by`).
    """
    reviewers = list(reviewers)
    if not reviewers:
        raise EvaluationError(_("Choose at least one reviewer."))
    if due_date is not None and (problem := due_date_problem(initiative.round, due_date)):
        raise EvaluationError(problem)
    problems = [p for r in reviewers if (p := reviewer_problem(initiative, r))]
    if problems:
        raise EvaluationError(problems)
    with transaction.atomic():
        locked = (
            Initiative.objects.select_for_update().select_related("round").get(pk=initiative.pk)
        )
        if locked.status not in (Status.SUBMITTED, Status.IN_REVIEW):
            raise EvaluationError(
                _(
                    "This quick win is “%(status)s”; only submitted or in-review quick wins get reviewers."
                )
                % {"status": locked.get_status_display()}
            )
        cycle = current_cycle(locked)
        if locked.status == Status.SUBMITTED:
            cycle += 1  # a fresh submission or a resubmission starts a new cycle
        taken = set(locked.assignments.filter(cycle=cycle).values_list("reviewer_id", flat=True))
        due = due_date or _default_due_date(locked)
        created = [
            Assignment.objects.create(
                initiative=locked, reviewer=r, cycle=cycle, due_date=due, assigned_by=by
            )
            for r in reviewers
            if r.pk not in taken
        ]
        if locked.status == Status.SUBMITTED:
            try:
                transition(initiative=initiative, action=Action.ASSIGN, by=by, automatic=automatic)
            except WorkflowError as error:
                raise EvaluationError(error.messages) from error
        for assignment in created:
            transaction.on_commit(
                lambda a=assignment: reviewer_assigned.send(sender=Assignment, assignment=a)
            )
    return created


def open_review_counts(reviewers):
    """{reviewer id: assignments without a submitted review}."""
    rows = (
        User.objects.filter(pk__in=[r.pk for r in reviewers])
        .annotate(
            open=Count(
                "review_assignments",
                filter=~Q(review_assignments__review__status=ReviewStatus.SUBMITTED),
            )
        )
        .values_list("pk", "open")
    )
    return dict(rows)


def distribute_evenly(*, initiatives, reviewers, by, per_initiative=1, due_date=None):
    """Give each quick win `per_initiative` reviewers, fewest open reviews first.

    Returns (assignments, problems): a quick win that cannot get enough eligible
    reviewers (same agency, already assigned, wrong status) is reported and left alone;
    the others are assigned one by one through `assign_reviewers`.
    """
    reviewers = sorted(set(reviewers), key=lambda r: r.pk)
    if not reviewers:
        raise EvaluationError(_("Choose at least one reviewer."))
    load = open_review_counts(reviewers)
    created, problems = [], []
    for initiative in initiatives:
        if initiative.status != Status.SUBMITTED:
            problems.append(
                _("“%(title)s” is not waiting for reviewers.") % {"title": initiative.title}
            )
            continue
        eligible = [r for r in reviewers if reviewer_problem(initiative, r) is None]
        if len(eligible) < per_initiative:
            problems.append(
                _("Not enough eligible reviewers for “%(title)s”.") % {"title": initiative.title}
            )
            continue
        chosen = sorted(eligible, key=lambda r: (load.get(r.pk, 0), r.pk))[:per_initiative]
        try:
            created += assign_reviewers(
                initiative=initiative, reviewers=chosen, by=by, due_date=due_date
            )
        except EvaluationError as error:
            problems += [f"{initiative.title}: {m}" for m in error.messages]
            continue
        for r in chosen:
            load[r.pk] = load.get(r.pk, 0) + 1
    return created, problems


def save_review(
    *,
    assignment,
    by,
    scores,
    overall_note="",
    recommendation="",
    submit=False,
    check_state=True,
):
    """Save the reviewer's draft, or submit it (then it is locked).

    `scores` maps criterion id → (score or None, note). Guarantees: only the assigned
    reviewer; a submitted review never changes; every given score is 1–5; submit needs a
    score for every criterion and a recommendation, stores total_score = Σ w × (s − 1) / 4,
    locks the round's rubric, and sends `review_submitted` after commit.
    `check_state=False` is only for demo data recording reviews of already-decided quick wins.
    """
    if assignment.reviewer_id != by.pk:
        raise EvaluationError(_("Only the assigned reviewer may review this quick win."))
    criteria = list(Criterion.objects.filter(rubric__round_id=assignment.initiative.round_id))
    problems = []
    for criterion in criteria:
        value, _note = scores.get(criterion.pk, (None, ""))
        if value is not None and not (1 <= int(value) <= 5):
            problems.append(
                _("The score for “%(name)s” must be between 1 and 5.") % {"name": criterion.name}
            )
        elif value is None and submit:
            problems.append(_("Give a score for “%(name)s”.") % {"name": criterion.name})
    if submit and not recommendation:
        problems.append(_("Choose a recommendation."))
    if problems:
        raise EvaluationError(problems)

    with transaction.atomic():
        review, _created = Review.objects.get_or_create(assignment=assignment)
        review = Review.objects.select_for_update().get(pk=review.pk)
        if review.status == ReviewStatus.SUBMITTED:
            raise EvaluationError(_("This review has been submitted and can no longer be changed."))
        initiative = Initiative.objects.get(pk=assignment.initiative_id)
        if check_state and (
            initiative.status != Status.IN_REVIEW or assignment.cycle != current_cycle(initiative)
        ):
            raise EvaluationError(
                _("This quick win is no longer waiting for this review, so it cannot be changed.")
            )
        for criterion in criteria:
            value, note = scores.get(criterion.pk, (None, ""))
            if value is None:
                CriterionScore.objects.filter(review=review, criterion=criterion).delete()
                continue
            CriterionScore.objects.update_or_create(
                review=review,
                criterion=criterion,
                defaults={"score": int(value), "note": note or ""},
            )
        review.overall_note = overall_note or ""
        review.recommendation = recommendation or ""
        if submit:
            now = timezone.now()
            review.total_score = weighted_total((c.weight, scores[c.pk][0]) for c in criteria)
            review.status = ReviewStatus.SUBMITTED
            review.submitted_at = now
            Rubric.objects.filter(
                round_id=assignment.initiative.round_id, locked_at__isnull=True
            ).update(locked_at=now)
            transaction.on_commit(lambda: review_submitted.send(sender=Review, review=review))
        review.save()
    return review


def submitted_in_cycle(initiative_id, cycle):
    return Review.objects.filter(
        assignment__initiative_id=initiative_id,
        assignment__cycle=cycle,
        status=ReviewStatus.SUBMITTED,
    ).count()


def _enough_reviews_guard(locked):
    needed = locked.round.min_reviews_for_decision
    have = submitted_in_cycle(locked.pk, current_cycle(locked))
    if have < needed:
        return [
            _(
                "A decision needs at least %(needed)s submitted review(s) in this cycle; there are %(have)s."
            )
            % {"needed": needed, "have": have}
        ]
    return []


DECISIONS = {
    "approve": Action.APPROVE,
    "request_revision": Action.REQUEST_REVISION,
    "reject": Action.REJECT,
}


def decide(*, initiative, decision, by, note=""):
    """Approve, request revision, or reject an in-review quick win.

    Guarantees: the round's minimum of submitted reviews of the current cycle is checked
    under the row lock; of two admins deciding at once exactly one wins and the other gets
    a WorkflowError saying the quick win has moved on; a revision request needs the list
    of what must change and a rejection a reason (stored as the StatusChange note).
    """
    if decision not in DECISIONS:
        raise EvaluationError(_("Choose a decision."))
    note = (note or "").strip()
    if decision == "request_revision" and not note:
        raise EvaluationError(_("List what the agency must change."))
    if decision == "reject" and not note:
        raise EvaluationError(_("Write the reason for rejecting this quick win."))
    return transition(
        initiative=initiative,
        action=DECISIONS[decision],
        by=by,
        note=note,
        guard=_enough_reviews_guard,
    )


def start_next_cycle(*, initiative):
    """After a resubmission, send the quick win back to the same reviewers in a new cycle.

    Guarantees: new assignments (cycle + 1) for the reviewers of the previous cycle, the
    quick win moves submitted → in_review on the authority of the admin who made the previous
    assignment, recorded as an automatic step (the timeline credits the system, not that
    admin). Does nothing when there was no previous cycle or it is not submitted.
    """
    previous = list(
        Assignment.objects.filter(
            initiative=initiative, cycle=current_cycle(initiative)
        ).select_related("reviewer", "assigned_by")
    )
    if not previous:
        return []
    initiative = Initiative.objects.select_related("round").get(pk=initiative.pk)
    if initiative.status != Status.SUBMITTED:
        return []
    actor = next((a.assigned_by for a in previous if a.assigned_by.is_bureau_admin), None)
    actor = actor or User.objects.filter(is_bureau_admin=True, is_active=True).first()
    if actor is None:
        return []
    reviewers = [a.reviewer for a in previous if reviewer_problem(initiative, a.reviewer) is None]
    if not reviewers:
        return []
    return assign_reviewers(initiative=initiative, reviewers=reviewers, by=actor, automatic=True)
