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
# 14 with the notification bell; 15 with an agency to look up (a type-ahead filter now,
# no longer a query for a drop-down of every agency).
BOARD_QUERIES = 15


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


# --- The page is cut first: same rows, same order as the fully annotated board ---


def _varied_board(round_, admin):
    """Quick wins whose review statistics tie and differ: none assigned, assigned and not
    reviewed, drafts, one to three submitted reviews, a second cycle that replaces the
    first (with and without submitted reviews yet), agencies sharing an abbreviation."""
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from accounts.tests.factories import AgencyFactory, ReviewerFactory
    from core.workflow import Status
    from evaluations.models import Review, ReviewStatus
    from initiatives.models import Initiative
    from initiatives.tests.factories import InitiativeFactory

    reviewers = [ReviewerFactory() for _ in range(3)]
    twins = [AgencyFactory(abbreviation="Kembar"), AgencyFactory(abbreviation="Kembar")]
    agencies = [*twins, AgencyFactory(abbreviation="Alfa")]
    statuses = [
        Status.SUBMITTED,
        Status.IN_REVIEW,
        Status.REVISION,
        Status.APPROVED,
        Status.REJECTED,
        Status.IN_PROGRESS,
    ]
    # Per quick win: {cycle: [(total or None for a draft / no review, recommendation)]}
    plans = [
        {},
        {1: [("none", ""), ("none", "")]},
        {1: [(Decimal("75.00"), "approve")]},
        {1: [(Decimal("75.00"), "approve"), (Decimal("25.00"), "reject")]},  # disagree
        {1: [(Decimal("50.00"), "revise"), (None, "")]},  # a draft does not count
        {1: [(Decimal("90.00"), "approve")], 2: [("none", "")]},  # cycle 2 not reviewed yet
        {1: [(Decimal("10.00"), "reject")], 2: [(Decimal("60.00"), "approve")]},
        {
            1: [
                (Decimal("60.00"), "approve"),
                (Decimal("40.00"), "revise"),
                (Decimal("80.00"), "approve"),
            ]
        },
        {2: [(Decimal("75.00"), "approve"), (Decimal("75.00"), "approve")]},  # ties the mean
    ]
    now = timezone.now()
    for n in range(20):
        initiative = InitiativeFactory(
            round=round_, agency=agencies[n % 3], title=f"Layanan {n % 6}"
        )
        Initiative.objects.filter(pk=initiative.pk).update(status=statuses[n % len(statuses)])
        for cycle, reviews in plans[n % len(plans)].items():
            for k, (total, recommendation) in enumerate(reviews):
                assignment = Assignment.objects.create(
                    initiative=initiative,
                    reviewer=reviewers[k],
                    cycle=cycle,
                    due_date=datetime.date(2027, 1, 1),
                    assigned_by=admin,
                )
                if total == "none":
                    continue
                Review.objects.create(
                    assignment=assignment,
                    status=ReviewStatus.DRAFT if total is None else ReviewStatus.SUBMITTED,
                    total_score=total,
                    recommendation=recommendation,
                    submitted_at=None if total is None else now,
                )
    InitiativeFactory(round=round_)  # a draft: never on the board


STAT_FIELDS = (
    "pk",
    "review_cycle",
    "assigned_count",
    "review_count",
    "score_mean",
    "score_spread",
    "rec_approve",
    "rec_revise",
    "rec_reject",
)


def _all_board_pages(round_, per_page=6, **kwargs):
    from evaluations import selectors

    rows, number = [], 1
    while True:
        page = selectors.board_page(round_, number, per_page=per_page, **kwargs)
        rows += page.object_list
        if not page.has_next():
            return rows, page.paginator.count
        number += 1


def _stats(rows):
    return [tuple(getattr(row, f) for f in STAT_FIELDS) for row in rows]


def test_the_page_first_board_has_the_rows_and_order_of_the_full_board(open_round, bureau_admin):
    from evaluations import selectors

    _varied_board(open_round, bureau_admin)
    sorts = [*selectors.SORTS, "nonsense"]
    for sort in [*sorts, *("-" + s for s in sorts)]:
        for disagree in (False, True):
            full = list(selectors.board_queryset(open_round, sort=sort, disagree=disagree))
            paged, count = _all_board_pages(open_round, sort=sort, disagree=disagree)
            assert count == len(full) == (4 if disagree else 20), (sort, disagree)
            assert _stats(paged) == _stats(full), (sort, disagree)
    means = {row.score_mean for row in selectors.board_queryset(open_round)}
    assert len(means) == 4  # None, 50, 60 and 75: ties and differences


def test_the_page_first_board_filters_like_the_full_board(open_round, bureau_admin):
    from evaluations import selectors
    from initiatives.models import Initiative

    _varied_board(open_round, bureau_admin)
    first = Initiative.objects.filter(round=open_round).order_by("pk").first()
    for filters in (
        {"status": "in_review"},
        {"agency": str(first.agency_id)},
        {"area": str(first.change_area_id), "disagree": True},
    ):
        for sort in ("", "-mean", "spread", "-reviews"):
            full = list(selectors.board_queryset(open_round, sort=sort, **filters))
            paged, count = _all_board_pages(open_round, per_page=4, sort=sort, **filters)
            assert count == len(full), (filters, sort)
            assert _stats(paged) == _stats(full), (filters, sort)


@pytest.mark.parametrize(
    "params", [{"sort": "spread"}, {"sort": "-reviews", "page": 2}, {"disagree": "1"}], ids=str
)
@pytest.mark.parametrize("rows", [1, 30])
def test_the_board_sorted_by_statistics_runs_a_fixed_number_of_queries(
    client,
    open_round,
    reviewer,
    second_reviewer,
    bureau_admin,
    django_assert_max_num_queries,
    rows,
    params,
):
    made = _populate(open_round, [reviewer, second_reviewer], bureau_admin, rows)
    if params.get("disagree"):
        submit_review(Assignment.objects.filter(initiative=made[-1], review=None).first(), 1)
    client.login(username=bureau_admin.username, password=PASSWORD)
    with django_assert_max_num_queries(BOARD_QUERIES):
        response = client.get(reverse("evaluations:board", args=[open_round.pk]), params)
    assert response.status_code == 200
    if not params.get("disagree"):
        assert response.context["page"].paginator.count == rows


def test_the_review_selectors_read_the_same_from_one_load(open_round, bureau_admin, reviewer):
    """Given `review_rows`, reviews_of, latest_cycle_totals and latest_assignment_of answer
    what their own queries answer (drafts, two cycles, no assignment at all)."""
    from evaluations import selectors
    from initiatives.models import Initiative

    _varied_board(open_round, bureau_admin)
    for initiative in Initiative.objects.filter(round=open_round):
        rows = selectors.review_rows(initiative)
        assert [r.pk for r in selectors.reviews_of(initiative, rows)] == [
            r.pk for r in selectors.reviews_of(initiative)
        ]
        assert selectors.latest_cycle_totals(initiative, rows) == selectors.latest_cycle_totals(
            initiative
        )
        for assignment in rows:
            user = assignment.reviewer
            assert selectors.latest_assignment_of(
                initiative, user, rows
            ) == selectors.latest_assignment_of(initiative, user)
        assert selectors.latest_assignment_of(initiative, reviewer, rows) is None


def test_the_board_filters_by_an_agency_typed_or_chosen_without_listing_every_agency(
    client, open_round, bureau_admin
):
    import re

    from accounts.tests.factories import AgencyFactory

    agency = AgencyFactory(abbreviation="Disuji", name="Dinas Uji Papan")
    mine = submitted_initiative(open_round, agency=agency)
    other = submitted_initiative(open_round)
    client.login(username=bureau_admin.username, password=PASSWORD)
    url = reverse("evaluations:board", args=[open_round.pk])
    html = client.get(url).content.decode()
    assert '<select name="agency"' not in html
    field = re.search(r'<input[^>]*name="agency"[^>]*>', html).group(0)
    assert f'data-typeahead-url="{reverse("initiatives:agency_search")}"' in field
    assert 'id="f-agency"' in field and "js/typeahead.js" in html
    for typed in (str(agency.pk), "DISUJI", "Disuji — Dinas Uji Papan"):
        body = client.get(url, {"agency": typed}).content.decode()
        assert mine.title in body and other.title not in body, typed
    body = client.get(url, {"agency": "²"}).content.decode()  # no agency: all rows, a message
    assert "Tidak ada perangkat daerah yang cocok dengan" in body
    assert mine.title in body and other.title in body
    export = client.get(
        reverse("evaluations:export_csv", args=[open_round.pk]), {"agency": "disuji"}
    )
    assert mine.title in export.content.decode() and other.title not in export.content.decode()
