"""Who may do what with rubrics, assignments, reviews and decisions (rules predicates).

Views ask `user.has_perm("evaluations.<perm>", obj)`; templates `{% has_perm %}`.
"""

import rules

from accounts.permissions import is_bureau_admin, is_leadership, is_reviewer
from core.workflow import Status


@rules.predicate
def is_assigned_reviewer(user, assignment):
    return assignment is not None and assignment.reviewer_id == user.pk


@rules.predicate
def review_is_open(user, assignment):
    """The assignment's review is not submitted yet (drafts may still change)."""
    review = getattr(assignment, "review", None) if assignment is not None else None
    return review is None or review.status == "draft"


@rules.predicate
def initiative_in_review(user, initiative):
    return initiative is not None and initiative.status == Status.IN_REVIEW


@rules.predicate
def initiative_assignable(user, initiative):
    return initiative is not None and initiative.status in (Status.SUBMITTED, Status.IN_REVIEW)


rules.add_perm("evaluations.manage_rubric", is_bureau_admin)
rules.add_perm("evaluations.view_board", is_bureau_admin | is_leadership)
rules.add_perm("evaluations.export_board", is_bureau_admin | is_leadership)
rules.add_perm("evaluations.assign_reviewers", is_bureau_admin & initiative_assignable)
rules.add_perm("evaluations.distribute_reviews", is_bureau_admin)
rules.add_perm("evaluations.view_my_reviews", is_reviewer)
rules.add_perm("evaluations.review", is_reviewer & is_assigned_reviewer)
rules.add_perm("evaluations.change_review", is_reviewer & is_assigned_reviewer & review_is_open)
rules.add_perm("evaluations.decide", is_bureau_admin & initiative_in_review)
# Reviews with reviewer names, whatever the reviewer's own state.
rules.add_perm("evaluations.view_all_reviews", is_bureau_admin | is_leadership)
