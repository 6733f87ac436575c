import io

from django.core.management import call_command

from accounts.demo import seed_users
from evaluations.demo import seed
from evaluations.models import Assignment, Review, ReviewStatus, Rubric
from evaluations.tests.factories import submitted_initiative
from initiatives.services import transition


def test_it_seeds_reviews_for_existing_quick_wins_and_changes_nothing_the_second_time(
    open_round,
):
    users = {u.username: u for u in seed_users()}
    admin = users["admin.biro"]
    waiting = submitted_initiative(open_round)
    in_review = submitted_initiative(open_round)
    transition(initiative=in_review, action="assign", by=admin)
    approved = submitted_initiative(open_round)
    transition(initiative=approved, action="assign", by=admin)
    transition(initiative=approved, action="approve", by=admin)

    made, submitted = seed()
    assert (made, submitted) == (4, 3)
    assert Rubric.objects.filter(round=open_round).exists()
    assert not Assignment.objects.filter(initiative=waiting).exists()
    assert (
        Review.objects.filter(
            assignment__initiative=in_review, status=ReviewStatus.SUBMITTED
        ).count()
        == 1
    )
    assert (
        Review.objects.filter(
            assignment__initiative=approved, status=ReviewStatus.SUBMITTED
        ).count()
        == 2
    )

    assert seed() == (0, 0)
    # The full demo adds its own quick wins; a second run adds nothing.
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Assignment.objects.count(), Review.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Assignment.objects.count(), Review.objects.count()) == counts
