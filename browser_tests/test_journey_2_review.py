"""Journey 2 in Chromium: the bureau assigns two reviewers, both score (one asks for a
revision), the bureau requests a revision, the agency revises and resubmits, the reviewers
score again, the bureau approves, and the agency sees the decision without reviewer names."""

import pytest

from core.workflow import Status
from initiatives.models import Initiative
from initiatives.services import transition
from initiatives.tests.factories import complete_initiative

from .steps import label, score_every_criterion, switch_user

pytestmark = pytest.mark.django_db(transaction=True)


def _reviewer_name(user):
    return user.get_full_name() or user.username


def _review_from_my_list(page, log_in, reviewer, *, score, recommendation):
    switch_user(page, log_in, reviewer)
    page.get_by_role("link", name="Reviu Saya").first.click()
    page.get_by_role("link", name="Reviu", exact=True).first.click()
    score_every_criterion(page, score)
    label(page, "Rekomendasi").select_option(label=recommendation)
    label(page, "Catatan umum").fill(f"Catatan dari {_reviewer_name(reviewer)}.")
    page.get_by_role("button", name="Serahkan reviu").click()
    page.get_by_text("Reviu Anda sudah diserahkan.").wait_for()


def _decide(page, log_in, admin, *, decision, note=""):
    switch_user(page, log_in, admin)
    page.get_by_role("link", name="Papan Reviu").first.click()
    page.get_by_role("link", name="Putuskan").first.click()
    page.get_by_label(decision, exact=True).check()
    if note:
        label(page, "Catatan untuk perangkat daerah").fill(note)
    page.get_by_role("button", name="Simpan keputusan").click()
    page.wait_for_load_state("networkidle")


def test_it_reviews_revises_and_approves_a_quick_win(
    page, log_in, operator, open_round, reviewer, second_reviewer, bureau_admin
):
    initiative = complete_initiative(
        round=open_round, agency=operator.agency, created_by=operator, title="Layanan KTP keliling"
    )
    transition(initiative=initiative, action="submit", by=operator)

    # The bureau assigns both reviewers from the review board.
    log_in(bureau_admin)
    page.get_by_role("link", name="Papan Reviu").first.click()
    page.get_by_role("link", name="Tugaskan").first.click()
    for person in (reviewer, second_reviewer):
        page.get_by_label(_reviewer_name(person)).check()
    page.get_by_role("button", name="Tugaskan").click()
    page.wait_for_load_state("networkidle")
    assert Initiative.objects.get().status == Status.IN_REVIEW

    _review_from_my_list(page, log_in, reviewer, score=4, recommendation="Setujui")
    _review_from_my_list(page, log_in, second_reviewer, score=2, recommendation="Perbaiki")
    _decide(page, log_in, bureau_admin, decision="Minta perbaikan", note="Perjelas indikator.")
    assert Initiative.objects.get().status == Status.REVISION

    # The agency revises from its to-do list and resubmits.
    switch_user(page, log_in, operator)
    page.get_by_role("link", name="Perbaiki").first.click()
    label(page, "Target", 0).fill("95")
    page.get_by_role("button", name="Simpan dan ajukan").click()
    page.locator("[data-status=submitted], [data-status=in_review]").first.wait_for()

    _review_from_my_list(page, log_in, reviewer, score=4, recommendation="Setujui")
    _review_from_my_list(page, log_in, second_reviewer, score=4, recommendation="Setujui")
    _decide(page, log_in, bureau_admin, decision="Setujui")
    assert Initiative.objects.get().status == Status.APPROVED

    # The agency sees the decision, but not who reviewed.
    switch_user(page, log_in, operator)
    page.get_by_role("link", name="Layanan KTP keliling").first.click()
    page.locator("[data-status=approved]").first.wait_for()
    review_panel = page.get_by_test_id("review-panel").inner_text()
    assert "Disetujui" in review_panel
    assert "Perjelas indikator." in review_panel
    body = page.locator("body").inner_text()
    for person in (reviewer, second_reviewer):
        assert _reviewer_name(person) not in body
        assert person.username not in body
