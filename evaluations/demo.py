"""Demo review data on top of whatever quick wins the proposals seed made. Idempotent.

Creates no quick wins and changes no status: it gives every round the default rubric,
assigns the demo reviewers to quick wins already past submission, and fills in reviews
(all for decided quick wins, one of two for those still in review). Quick wins that
are merely submitted stay unassigned so the board shows "distribute evenly".
"""

from django.db.models import Exists, OuterRef

from accounts.models import User
from core.workflow import Status
from initiatives.models import Initiative, Round

from .models import Assignment, Review, ReviewStatus
from .services import reviewer_problem, rubric_for_round, save_review

DEMO_REVIEWERS = ["reviewer.satu", "reviewer.dua"]
DEMO_ADMIN = "admin.biro"
RECOMMENDATION_FOR = {
    Status.REVISION: "revise",
    Status.REJECTED: "reject",
}
REVIEWED_STATUSES = [
    Status.IN_REVIEW,
    Status.REVISION,
    Status.APPROVED,
    Status.REJECTED,
    Status.IN_PROGRESS,
    Status.COMPLETED,
    Status.EVALUATED,
    Status.CANCELLED,
]


def _reviewers():
    named = list(User.objects.filter(username__in=DEMO_REVIEWERS, is_reviewer=True))
    return named or list(User.objects.with_role("reviewer").order_by("pk")[:2])


def _admin():
    return (
        User.objects.filter(username=DEMO_ADMIN, is_bureau_admin=True).first()
        or User.objects.filter(is_bureau_admin=True).order_by("pk").first()
    )


def seed():
    """Returns (assignments created, reviews submitted); a second run returns (0, 0)."""
    for round_ in Round.objects.all():
        rubric_for_round(round_)
    reviewers, admin = _reviewers(), _admin()
    if not reviewers or admin is None:
        return 0, 0
    waiting = (
        Initiative.objects.filter(status__in=REVIEWED_STATUSES)
        .filter(~Exists(Assignment.objects.filter(initiative=OuterRef("pk"))))
        .select_related("round")
        .order_by("pk")
    )
    made = submitted = 0
    for initiative in waiting:
        eligible = [r for r in reviewers if reviewer_problem(initiative, r) is None]
        for index, reviewer in enumerate(eligible):
            assignment, created = Assignment.objects.get_or_create(
                initiative=initiative,
                reviewer=reviewer,
                cycle=1,
                defaults={"due_date": initiative.round.review_deadline, "assigned_by": admin},
            )
            made += created
            still_in_review = initiative.status == Status.IN_REVIEW
            if still_in_review and index > 0:
                continue  # leave one review pending so "Reviu Saya" has work in it
            if Review.objects.filter(assignment=assignment, status=ReviewStatus.SUBMITTED).exists():
                continue
            criteria = rubric_for_round(initiative.round).criteria.all()
            scores = {c.pk: (3 + (initiative.pk + c.order + index) % 3, "") for c in criteria}
            save_review(
                assignment=assignment,
                by=reviewer,
                scores=scores,
                overall_note="Usulan cukup jelas; indikator perlu sumber data.",
                recommendation=RECOMMENDATION_FOR.get(initiative.status, "approve"),
                submit=True,
                check_state=False,  # the seeded quick win may already be decided
            )
            submitted += 1
    return made, submitted
