"""Blind review: who sees which reviews, and whether reviewer names appear."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from evaluations.panels import review_panel_context, review_timeline
from evaluations.services import decide
from evaluations.tests.factories import in_review_initiative, submit_review
from initiatives.extensions import detail_panels, timeline_events_from_other_apps


@pytest.fixture
def two_reviews(open_round, reviewer, second_reviewer, bureau_admin):
    """Reviewer 2 has submitted (score 5); reviewer 1 only has an assignment."""
    initiative, (first, second) = in_review_initiative(
        open_round, [reviewer, second_reviewer], bureau_admin
    )
    submit_review(second, score=5, note="Catatan rahasia reviewer dua.")
    return initiative, first, second


def _panel(user, initiative):
    request = RequestFactory().get("/")
    request.user = user
    context = review_panel_context(request, initiative)
    html = render_to_string("evaluations/_review_panel.html", context or {}, request=request)
    return context, html


def test_it_hides_other_reviews_from_a_reviewer_until_they_submit(
    client, two_reviews, reviewer, second_reviewer
):
    initiative, first, _second = two_reviews
    client.login(username=reviewer.username, password=PASSWORD)
    url = reverse("evaluations:review", args=[first.pk])
    assert "Catatan rahasia reviewer dua." not in client.get(url).content.decode()
    _context, html = _panel(reviewer, initiative)
    assert "Catatan rahasia reviewer dua." not in html
    assert str(second_reviewer) not in html

    submit_review(first, score=3)
    assert "Catatan rahasia reviewer dua." in client.get(url).content.decode()
    _context, html = _panel(reviewer, initiative)
    assert "Catatan rahasia reviewer dua." in html


def test_it_shows_every_review_with_names_to_bureau_admins_and_leadership(
    two_reviews, bureau_admin, leader, second_reviewer
):
    initiative, _first, _second = two_reviews
    for user in (bureau_admin, leader):
        context, html = _panel(user, initiative)
        assert "Catatan rahasia reviewer dua." in html
        assert str(second_reviewer) in html
        assert context["summary"]["count"] == 1


def test_it_never_shows_reviews_or_names_to_the_agency(
    two_reviews, bureau_admin, reviewer, second_reviewer
):
    initiative, first, _second = two_reviews
    operator = initiative.operator
    context, html = _panel(operator, initiative)
    assert "Catatan rahasia reviewer dua." not in html
    assert str(second_reviewer) not in html
    assert context is None or context["summary"] is None  # nothing before the decision

    submit_review(first, score=3)
    decide(
        initiative=initiative,
        decision="request_revision",
        by=bureau_admin,
        note="Tambahkan baseline indikator.",
    )
    initiative.refresh_from_db()
    context, html = _panel(operator, initiative)
    assert "Tambahkan baseline indikator." in html
    assert "Reviewer 1" in html and "Reviewer 2" in html
    assert "Catatan rahasia reviewer dua." not in html
    for name in (str(reviewer), str(second_reviewer)):
        assert name not in html
    events = review_timeline(initiative, operator)
    assert len(events) == 2
    assert all(e.actor == "" for e in events)


def test_it_hides_the_panel_from_another_agency(two_reviews, outsider):
    initiative, _first, _second = two_reviews
    context, _html = _panel(outsider, initiative)
    assert context is None


def test_it_registers_the_panel_and_timeline_with_initiatives(
    two_reviews, bureau_admin, second_reviewer
):
    initiative, _first, _second = two_reviews
    request = RequestFactory().get("/")
    request.user = bureau_admin
    assert "review" in [panel.key for panel, _ctx in detail_panels(request, initiative)]
    events = timeline_events_from_other_apps(initiative, bureau_admin)
    assert [(e.kind, e.actor) for e in events] == [("review", str(second_reviewer))]


def test_it_names_reviewers_in_the_timeline_only_to_those_who_may_know(two_reviews, reviewer):
    initiative, first, _second = two_reviews
    assert [e.actor for e in review_timeline(initiative, reviewer)] == [""]
    submit_review(first)
    assert all(e.actor for e in review_timeline(initiative, reviewer))


def test_it_shows_the_agency_the_decision_on_the_detail_page(
    client, two_reviews, bureau_admin, reviewer, second_reviewer
):
    """The panel is rendered inside the real detail page, not only on its own."""
    initiative, first, _second = two_reviews
    submit_review(first, score=2, recommendation="revise")
    decide(
        initiative=initiative,
        decision="request_revision",
        by=bureau_admin,
        note="Perjelas indikator.",
    )
    client.login(username=initiative.operator.username, password=PASSWORD)

    html = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()

    panel = html.split('data-testid="review-panel"', 1)[1]
    assert "Perjelas indikator." in panel
    assert "Perlu Perbaikan" in panel
    for person in (reviewer, second_reviewer):
        assert person.get_full_name() not in html


@pytest.mark.parametrize("reviews", [1, 4])
def test_the_detail_page_reads_the_reviews_once_whatever_their_number(
    client, open_round, bureau_admin, reviews, django_assert_max_num_queries
):
    """The review panel (summary, named reviews, my assignment, decisions) and the timeline
    read one load of assignments, reviews and scores: a fixed number of queries for every
    viewer, with the names and scores each may see."""
    from accounts.tests.factories import ReviewerFactory

    reviewers = [ReviewerFactory() for _ in range(reviews + 1)]
    initiative, assignments = in_review_initiative(open_round, reviewers, bureau_admin)
    for n, assignment in enumerate(assignments[:-1]):
        submit_review(assignment, score=2 + n % 4, note=f"Catatan reviewer {n}.")
    waiting = reviewers[-1]
    url = reverse("initiatives:detail", args=[initiative.pk])
    for user, limit in (
        (bureau_admin, 18),
        (reviewers[0], 18),
        (waiting, 18),
        (initiative.operator, 16),
    ):
        client.force_login(user)
        with django_assert_max_num_queries(limit):
            html = client.get(url).content.decode()
        panel = (
            html.split('data-testid="review-panel"', 1)[1] if user != initiative.operator else ""
        )
        if user in (bureau_admin, reviewers[0]):
            assert all(f"Catatan reviewer {n}." in panel for n in range(reviews))
            assert str(reviewers[reviews - 1]) in panel
        else:
            assert "Catatan reviewer 0." not in html  # blind until one's own review is in
