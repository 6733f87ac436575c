"""My reviews, the review board and its exports: content, filters and fixed query counts."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.tests.factories import PASSWORD
from evaluations.models import Assignment
from evaluations.tests.factories import in_review_initiative, submit_review, submitted_initiative

# Measured: my reviews 7 and the board 14, the same at 1 and at 20 quick wins.
MY_REVIEWS_QUERIES = 10  # pending, submitted page + its count, the bell, session and user
BOARD_QUERIES = 15  # 14 + the notification bell


def _populate(round_, reviewers, admin, n):
    """n quick wins in review, each reviewer assigned; half of them with a submitted review."""
    made = []
    for i in range(n):
        initiative, assignments = in_review_initiative(round_, reviewers, admin)
        if i % 2 == 0:
            submit_review(assignments[0], score=4)
        made.append(initiative)
    return made


@pytest.mark.parametrize("rows", [1, 20])
def test_it_shows_my_reviews_in_a_fixed_number_of_queries(
    client, open_round, reviewer, bureau_admin, django_assert_max_num_queries, rows
):
    _populate(open_round, [reviewer], bureau_admin, rows)
    client.login(username=reviewer.username, password=PASSWORD)
    with django_assert_max_num_queries(MY_REVIEWS_QUERIES):
        response = client.get(reverse("evaluations:my_reviews"))
    body = response.content.decode()
    assert body.count('data-testid="pending-row"') == rows // 2
    assert body.count('data-testid="done-row"') == rows - rows // 2


def test_it_lists_pending_reviews_first_by_due_date_and_marks_overdue(
    client, open_round, reviewer, bureau_admin
):
    import datetime

    from django.utils import timezone

    late, soon = (in_review_initiative(open_round, [reviewer], bureau_admin)[1][0] for _ in "ab")
    Assignment.objects.filter(pk=late.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=2)
    )
    Assignment.objects.filter(pk=soon.pk).update(
        due_date=timezone.localdate() + datetime.timedelta(days=3)
    )
    client.login(username=reviewer.username, password=PASSWORD)
    body = client.get(reverse("evaluations:my_reviews")).content.decode()
    assert body.index(late.initiative.title) < body.index(soon.initiative.title)
    assert "terlambat 2 hari" in body or "2 days overdue" in body


@pytest.mark.parametrize("sort", ["-mean", "", "title"])
@pytest.mark.parametrize("rows", [1, 20])
def test_it_shows_the_board_in_a_fixed_number_of_queries(
    client,
    open_round,
    reviewer,
    second_reviewer,
    bureau_admin,
    django_assert_max_num_queries,
    rows,
    sort,
):
    """Sorted by an aggregate the whole round is annotated; by a plain column only the page."""
    _populate(open_round, [reviewer, second_reviewer], bureau_admin, rows)
    client.login(username=bureau_admin.username, password=PASSWORD)
    with django_assert_max_num_queries(BOARD_QUERIES):
        response = client.get(reverse("evaluations:board", args=[open_round.pk]), {"sort": sort})
    body = response.content.decode()
    assert body.count('data-testid="board-row"') == rows
    assert "75,0 (BB)" in body


def test_it_pages_the_board_by_title_with_the_statistics_of_each_row(
    client, open_round, reviewer, bureau_admin
):
    made = _populate(open_round, [reviewer], bureau_admin, 27)
    client.login(username=bureau_admin.username, password=PASSWORD)
    url = reverse("evaluations:board", args=[open_round.pk])
    titles = sorted(i.title for i in made)
    first = client.get(url, {"sort": "title"}).content.decode()
    second = client.get(url, {"sort": "title", "page": 2}).content.decode()
    assert first.count('data-testid="board-row"') == 25
    assert second.count('data-testid="board-row"') == 2
    assert titles[0] in first and titles[24] in first and titles[25] not in first
    assert titles[25] in second and titles[26] in second
    assert first.index(titles[0]) < first.index(titles[1])
    last = client.get(url, {"sort": "-title", "page": 1}).content.decode()
    assert last.index(titles[26]) < last.index(titles[25])
    # Every other quick win has a submitted review of 4 of 5 (75,0): shown on both pages.
    assert "75,0 (BB)" in first


def test_it_flags_disagreement_and_filters_the_board(
    client, open_round, reviewer, second_reviewer, bureau_admin
):
    split, (a, b) = in_review_initiative(open_round, [reviewer, second_reviewer], bureau_admin)
    submit_review(a, score=5)
    submit_review(b, score=2)  # 100 vs 25
    waiting = submitted_initiative(open_round)
    client.login(username=bureau_admin.username, password=PASSWORD)
    url = reverse("evaluations:board", args=[open_round.pk])
    body = client.get(url).content.decode()
    assert body.count('data-testid="disagree"') == 1
    assert waiting.title in body
    filtered = client.get(url, {"status": "submitted"}).content.decode()
    assert waiting.title in filtered and split.title not in filtered
    by_agency = client.get(url, {"agency": split.agency_id}).content.decode()
    assert split.title in by_agency and waiting.title not in by_agency
    disagreeing = client.get(url, {"disagree": "1"}).content.decode()
    assert split.title in disagreeing and waiting.title not in disagreeing


def test_it_keeps_the_board_from_agencies_and_reviewers(client, open_round, operator, reviewer):
    for user in (operator, reviewer):
        client.login(username=user.username, password=PASSWORD)
        assert client.get(reverse("evaluations:board", args=[open_round.pk])).status_code == 403


def test_it_exports_the_board_as_csv_and_xlsx(
    client, open_round, reviewer, second_reviewer, bureau_admin
):
    initiative, (a, b) = in_review_initiative(open_round, [reviewer, second_reviewer], bureau_admin)
    submit_review(a, score=5)
    submit_review(b, score=3)
    client.login(username=bureau_admin.username, password=PASSWORD)

    response = client.get(reverse("evaluations:export_csv", args=[open_round.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    header, row = rows
    assert len(header) == 13 + 7  # fixed columns + one per criterion
    assert row[0] == initiative.title
    assert row[5] == "75.00"  # mean of 100 and 50
    assert row[13:] == ["4.00"] * 7  # each criterion's mean of 5 and 3

    response = client.get(reverse("evaluations:export_xlsx", args=[open_round.pk]))
    book = load_workbook(io.BytesIO(response.content))
    board, reviews = book.worksheets
    assert board.max_row == 2
    assert reviews.max_row == 3
    assert {reviews.cell(row=r, column=5).value for r in (2, 3)} == {100, 50}


def test_it_sorts_the_board_by_mean(client, open_round, reviewer, bureau_admin):
    low, (a,) = in_review_initiative(open_round, [reviewer], bureau_admin)
    high, (b,) = in_review_initiative(open_round, [reviewer], bureau_admin)
    submit_review(a, score=2)
    submit_review(b, score=5)
    client.login(username=bureau_admin.username, password=PASSWORD)
    url = reverse("evaluations:board", args=[open_round.pk])
    body = client.get(url, {"sort": "-mean"}).content.decode()
    assert body.index(high.title) < body.index(low.title)
    body = client.get(url, {"sort": "mean"}).content.decode()
    assert body.index(low.title) < body.index(high.title)


def test_it_shows_leadership_the_board_read_only(client, open_round, leader):
    submitted_initiative(open_round)
    client.login(username=leader.username, password=PASSWORD)
    response = client.get(reverse("evaluations:board", args=[open_round.pk]))
    assert response.status_code == 200
    assert 'data-testid="distribute"' not in response.content.decode()
    assert client.get(reverse("evaluations:export_csv", args=[open_round.pk])).status_code == 200


def test_it_keeps_reviewer_pages_and_exports_from_others(client, open_round, operator, reviewer):
    client.login(username=operator.username, password=PASSWORD)
    assert client.get(reverse("evaluations:my_reviews")).status_code == 403
    client.login(username=reviewer.username, password=PASSWORD)
    assert client.get(reverse("evaluations:export_xlsx", args=[open_round.pk])).status_code == 403
