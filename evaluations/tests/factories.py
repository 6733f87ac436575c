"""Helpers that walk quick wins through the real services, so tests start from honest states."""

from accounts.tests.factories import OperatorFactory
from evaluations.models import Review, ReviewStatus
from evaluations.services import assign_reviewers, rubric_for_round, save_review
from initiatives.services import transition
from initiatives.tests.factories import complete_initiative


def submitted_initiative(round_, agency=None, **kwargs):
    operator = OperatorFactory(**({"agency": agency} if agency else {}))
    initiative = complete_initiative(
        round=round_, agency=operator.agency, created_by=operator, **kwargs
    )
    transition(initiative=initiative, action="submit", by=operator)
    initiative.operator = operator
    return initiative


def in_review_initiative(round_, reviewers, admin, **kwargs):
    initiative = submitted_initiative(round_, **kwargs)
    assignments = assign_reviewers(initiative=initiative, reviewers=reviewers, by=admin)
    initiative.refresh_from_db()
    return initiative, assignments


def all_scores(assignment, score):
    criteria = rubric_for_round(assignment.initiative.round).criteria.all()
    return {c.pk: (score, "") for c in criteria}


def submit_review(assignment, score=4, recommendation="approve", note="Baik."):
    return save_review(
        assignment=assignment,
        by=assignment.reviewer,
        scores=all_scores(assignment, score),
        overall_note=note,
        recommendation=recommendation,
        submit=True,
    )


def submitted_review_with_total(assignment, total, recommendation="approve"):
    """A submitted review whose total is set directly (for aggregation edge cases)."""
    review = submit_review(assignment, recommendation=recommendation)
    Review.objects.filter(pk=review.pk).update(total_score=total, status=ReviewStatus.SUBMITTED)
    return review
