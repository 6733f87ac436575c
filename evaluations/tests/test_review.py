from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD, ReviewerFactory
from evaluations.models import CriterionScore, Review, ReviewStatus
from evaluations.services import EvaluationError, rubric_for_round, save_review
from evaluations.signals import review_submitted
from evaluations.tests.factories import in_review_initiative, submit_review


def _form(assignment, score="4", recommendation="approve", skip=0):
    criteria = list(rubric_for_round(assignment.initiative.round).criteria.all())
    data = {"overall_note": "Catatan umum", "recommendation": recommendation}
    for c in criteria[skip:]:
        data[f"score_{c.pk}"] = score
        data[f"note_{c.pk}"] = "catatan"
    return data


@pytest.fixture
def assignment(open_round, reviewer, bureau_admin):
    _initiative, (assignment,) = in_review_initiative(open_round, [reviewer], bureau_admin)
    return assignment


def test_it_shows_the_proposal_beside_the_scoring_form(client, assignment, reviewer):
    client.login(username=reviewer.username, password=PASSWORD)
    response = client.get(reverse("evaluations:review", args=[assignment.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert assignment.initiative.problem in body
    assert 'data-testid="live-total"' in body
    assert "js/review-score.js" in body
    assert "Sangat baik" in body  # the score labels


def test_it_saves_a_draft_then_submits_with_the_weighted_total(client, assignment, reviewer):
    client.login(username=reviewer.username, password=PASSWORD)
    url = reverse("evaluations:review", args=[assignment.pk])
    response = client.post(url, {**_form(assignment, skip=3), "action": "draft"})
    assert response.status_code == 302
    review = Review.objects.get(assignment=assignment)
    assert review.status == ReviewStatus.DRAFT
    assert review.scores.count() == 4

    response = client.post(url, {**_form(assignment, score="4"), "action": "submit"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED
    assert review.total_score == Decimal("75.00")  # Σ w × 3 / 4 with Σ w = 100
    assert review.recommendation == "approve"
    assert review.scores.count() == 7


def test_it_refuses_to_submit_with_missing_scores_or_recommendation(client, assignment, reviewer):
    client.login(username=reviewer.username, password=PASSWORD)
    url = reverse("evaluations:review", args=[assignment.pk])
    response = client.post(
        url, {**_form(assignment, skip=1, recommendation=""), "action": "submit"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Beri nilai untuk" in body
    assert "Pilih rekomendasi." in body
    assert "Catatan umum" in body  # typed input kept
    assert not Review.objects.filter(status=ReviewStatus.SUBMITTED).exists()


def test_it_refuses_scores_outside_1_to_5(client, assignment, reviewer):
    client.login(username=reviewer.username, password=PASSWORD)
    url = reverse("evaluations:review", args=[assignment.pk])
    response = client.post(url, {**_form(assignment, score="7"), "action": "submit"})
    assert response.status_code == 200
    assert "Pilih nilai 1 sampai 5." in response.content.decode()
    assert not CriterionScore.objects.exists()
    scores = {c.pk: (0, "") for c in rubric_for_round(assignment.initiative.round).criteria.all()}
    with pytest.raises(EvaluationError):
        save_review(assignment=assignment, by=reviewer, scores=scores, recommendation="approve")


def test_it_gives_404_to_a_reviewer_who_is_not_assigned(client, assignment):
    stranger = ReviewerFactory()
    client.login(username=stranger.username, password=PASSWORD)
    url = reverse("evaluations:review", args=[assignment.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {**_form(assignment), "action": "submit"}).status_code == 404
    with pytest.raises(EvaluationError):
        save_review(assignment=assignment, by=stranger, scores={}, submit=False)


def test_it_refuses_to_change_a_submitted_review(client, assignment, reviewer):
    review = submit_review(assignment, score=3)
    client.login(username=reviewer.username, password=PASSWORD)
    url = reverse("evaluations:review", args=[assignment.pk])
    response = client.post(url, {**_form(assignment, score="5"), "action": "submit"}, follow=True)
    assert "Reviu ini sudah diserahkan dan tidak dapat diubah lagi." in response.content.decode()
    review.refresh_from_db()
    assert review.total_score == Decimal("50.00")
    with pytest.raises(EvaluationError):
        submit_review(assignment, score=5)


def test_it_announces_a_submitted_review_after_commit(
    assignment, django_capture_on_commit_callbacks
):
    heard = []

    def listener(sender, review, **kwargs):
        heard.append(review.pk)

    review_submitted.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            review = submit_review(assignment)
    finally:
        review_submitted.disconnect(listener)
    assert heard == [review.pk]


def test_it_drops_an_unneeded_review_once_the_quick_win_is_decided(
    client, open_round, reviewer, second_reviewer, bureau_admin
):
    from evaluations.services import decide

    _initiative, (first, second) = in_review_initiative(
        open_round, [reviewer, second_reviewer], bureau_admin
    )
    submit_review(first)
    decide(initiative=first.initiative, decision="approve", by=bureau_admin)
    with pytest.raises(EvaluationError):
        submit_review(second)
    client.login(username=second_reviewer.username, password=PASSWORD)
    body = client.get(reverse("evaluations:my_reviews")).content.decode()
    assert 'data-testid="pending-row"' not in body
    body = client.get(reverse("evaluations:review", args=[second.pk])).content.decode()
    assert 'data-testid="closed"' in body
    assert 'data-testid="submit-review"' not in body
