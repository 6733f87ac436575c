import datetime

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import PASSWORD, AgencyFactory, OperatorFactory
from core import calendar
from core.health import Health
from core.workflow import Status
from initiatives.models import Initiative
from initiatives.tests.factories import RoundFactory
from monitoring.panels import todo_due_context

from .. import selectors, services
from .monitoring_helpers import pdf, running_initiative


def _fill(round_, agency, count):
    """`count` running quick wins, each with a report, a done milestone and an overdue one."""
    today = timezone.localdate()
    author = OperatorFactory(agency=agency)
    created = []
    for n in range(count):
        initiative = running_initiative(
            round=round_,
            agency=agency,
            status=Status.IN_PROGRESS,
            weights=(40, 30, 30),
            offsets=(5, 20, 200),
            created_by=author,
        )
        first, *_ = initiative.milestones.order_by("due_date")
        first.completed_on = today
        first.save()
        period = calendar.open_periods(initiative, today)[0]
        services.report_submit(
            initiative=initiative,
            period=period,
            by=initiative.created_by,
            percent_complete=n % 100,
            achievements="x",
        )
        created.append(initiative)
    return created


@pytest.fixture
def round_(db):
    return RoundFactory()


def _board_queries(client, round_, **params):
    url = reverse("monitoring:board", args=[round_.pk])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return response, len(captured)


# The page's count and rows (2), the round, the change areas of the filter, the bell, the
# session, user and their agency, permissions (2), the open round of the layout: 11; 12 with
# an agency to look up (a type-ahead filter, no longer a query for every agency).
BOARD_QUERIES = 12


@pytest.mark.parametrize("rows", [1, 20])
def test_the_board_runs_a_fixed_number_of_queries(
    client, bureau_admin, round_, agency, rows, django_assert_max_num_queries
):
    _fill(round_, agency, rows)
    client.login(username=bureau_admin.username, password=PASSWORD)
    url = reverse("monitoring:board", args=[round_.pk])
    with django_assert_max_num_queries(BOARD_QUERIES):
        response = client.get(url, {"sort": "-progress"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == rows
    assert f"{rows} quick win" in response.content.decode()


def test_board_query_count_does_not_grow(client, bureau_admin, round_, agency):
    client.login(username=bureau_admin.username, password=PASSWORD)
    _fill(round_, agency, 1)
    _response, one = _board_queries(client, round_)
    _fill(round_, agency, 19)
    _response, twenty = _board_queries(client, round_)
    assert one == twenty


def test_the_board_rows_carry_progress_health_and_overdue(round_, agency):
    (initiative,) = _fill(round_, agency, 1)
    row = selectors.board_initiatives(round_=round_).get()
    # due by today: 40 (day 5) + 30 (day 20) of a round that started 30 days ago; done 40.
    assert (row.progress_pct, row.planned_pct) == (40, 70)
    assert row.health == Health.OFF_TRACK  # 30 points behind
    assert row.overdue_count == 1
    assert row.last_report_pct == 0
    assert row.last_report_at is not None


def test_the_board_filters_by_health_agency_and_status(client, bureau_admin, round_, agency):
    _fill(round_, agency, 2)
    other = AgencyFactory()
    on_track = running_initiative(round=round_, agency=other, weights=(100,), offsets=(300,))
    running_initiative(round=round_, agency=other, status=Status.DRAFT)  # never on the board
    assert selectors.board_initiatives(round_=round_).count() == 3
    assert list(selectors.board_initiatives(round_=round_, health=Health.ON_TRACK)) == [on_track]
    assert selectors.board_initiatives(round_=round_, agency=agency).count() == 2
    assert list(selectors.board_initiatives(round_=round_, status=Status.APPROVED)) == [on_track]
    client.login(username=bureau_admin.username, password=PASSWORD)
    response = client.get(
        reverse("monitoring:board", args=[round_.pk]), {"health": "on_track", "sort": "health"}
    )
    assert list(response.context["page"].object_list) == [on_track]


def test_the_board_is_not_for_agencies(client, operator, round_):
    client.login(username=operator.username, password=PASSWORD)
    assert client.get(reverse("monitoring:board", args=[round_.pk])).status_code == 404
    assert client.get(reverse("monitoring:board_current")).status_code == 404


@pytest.mark.parametrize("rows", [1, 20])
def test_the_todo_section_runs_three_queries(
    operator, round_, agency, rows, django_assert_num_queries
):
    _fill(round_, agency, rows)
    request = RequestFactory().get("/")
    request.user = operator
    with django_assert_num_queries(3):
        html = render_to_string("monitoring/_todo_due.html", todo_due_context(request))
    assert html.count('data-testid="todo-due"') == 1
    # every quick win has a milestone due in 20 - 30 = -10 days: overdue
    assert html.count("Tahap") >= rows


def test_the_todo_lists_reports_and_milestones_due(operator, agency):
    today = timezone.localdate()
    round_ = RoundFactory(implementation_start=today - datetime.timedelta(days=40))
    initiative = running_initiative(round=round_, agency=agency, weights=(50, 50), offsets=(30, 45))
    due = selectors.agency_due_items(operator, today)
    assert [m.due_date for m in due["milestones_overdue"]] == [
        initiative.start_date + datetime.timedelta(days=30)
    ]
    assert [m.due_date for m in due["milestones_soon"]] == [
        initiative.start_date + datetime.timedelta(days=45)
    ]
    assert due["reports_due"] or due["reports_overdue"]
    reported = {
        (r["initiative"].pk, r["period"].start) for r in due["reports_due"] + due["reports_overdue"]
    }
    period = calendar.open_periods(initiative, today)[0]
    assert (initiative.pk, period.start) in reported
    services.milestone_mark_done(
        milestone=due["milestones_overdue"][0],
        by=operator,
        completed_on=today,
        note="x",
        files=[pdf()],
    )
    assert selectors.agency_due_items(operator, today)["milestones_overdue"] == []


def test_the_todo_is_empty_for_the_bureau(bureau_admin, django_assert_num_queries):
    with django_assert_num_queries(0):
        due = selectors.agency_due_items(bureau_admin)
    assert not any(due.values())


def test_the_todo_does_not_ask_for_reports_due_before_approval(operator, agency):
    today = timezone.localdate()
    round_ = RoundFactory(implementation_start=today - datetime.timedelta(days=100))
    initiative = running_initiative(round=round_, agency=agency, offsets=(150, 160))
    Initiative.objects.filter(pk=initiative.pk).update(decided_at=timezone.now())
    due = selectors.agency_due_items(operator, today)
    assert due["reports_overdue"] == []


def test_it_filters_the_board_to_quick_wins_needing_attention(db):
    from ..models import ProgressReport
    from .monitoring_helpers import fixed_round, running_initiative

    round_ = fixed_round()
    today = datetime.date(2027, 3, 20)  # February's report was due on 10 March
    late = running_initiative(round=round_, offsets=(10, 200))  # first milestone overdue
    reported = running_initiative(round=round_, offsets=(100, 200))
    ProgressReport.objects.create(
        initiative=reported,
        period_start=datetime.date(2027, 2, 1),
        period_end=datetime.date(2027, 2, 28),
        due_date=datetime.date(2027, 3, 10),
        percent_complete=10,
        achievements="Rapat koordinasi",
        submitted_by=reported.created_by,
    )

    overdue = selectors.board_initiatives(round_=round_, today=today, attention="overdue")
    missing = selectors.board_initiatives(round_=round_, today=today, attention="missing_report")

    assert [i.pk for i in overdue] == [late.pk]
    assert [i.pk for i in missing] == [late.pk]


# --- The page is cut first: same rows, same order as the fully annotated board ---


def _varied_board(round_):
    """Quick wins whose sort keys tie and differ: agencies sharing an abbreviation, equal
    titles, no milestones, no reports, several reports, verified, overdue, long overdue."""
    from initiatives.models import Milestone

    from ..models import ProgressReport

    today = timezone.localdate()
    twins = [AgencyFactory(abbreviation="Kembar"), AgencyFactory(abbreviation="Kembar")]
    agencies = [*twins, AgencyFactory(abbreviation="Alfa"), AgencyFactory(abbreviation="Zulu")]
    statuses = [Status.APPROVED, Status.IN_PROGRESS, Status.COMPLETED]
    plans = [
        [],  # no milestones: 0 %, on track
        [(50, -40, "done"), (50, 200, None)],
        [(40, 5, "verified"), (30, 20, None), (30, 200, None)],
        [(100, -20, None)],  # long overdue: off track
        [(30, -5, None), (70, 100, None)],  # overdue, not long
        [(50, -10, "done"), (50, -3, None)],
        [(20, 1, "verified"), (80, 10, "done")],
    ]
    made = []
    for n in range(21):
        agency = agencies[n % len(agencies)]
        initiative = running_initiative(
            round=round_,
            agency=agency,
            status=statuses[n % 3],
            weights=(),
            offsets=(),
            title=f"Layanan {n % 5}",  # titles repeat
        )
        for weight, offset, state in plans[n % len(plans)]:
            due = today + datetime.timedelta(days=offset)
            Milestone.objects.create(
                initiative=initiative,
                title=f"Tahap {weight}",
                weight=weight,
                due_date=due,
                completed_on=due if state else None,
                verified_at=timezone.now() if state == "verified" else None,
            )
        for k in range(n % 3):  # 0, 1 or 2 reports; submission times tie across quick wins
            period = calendar.round_periods(round_)[k]
            ProgressReport.objects.create(
                initiative=initiative,
                period_start=period.start,
                period_end=period.end,
                due_date=period.due,
                percent_complete=(n * 7 + k) % 100,
                achievements="x",
                submitted_by=initiative.created_by,
                submitted_at=timezone.now().replace(microsecond=0)
                - datetime.timedelta(days=(n % 4) - k),
            )
        made.append(initiative)
    running_initiative(round=round_, status=Status.DRAFT)  # never on the board
    return made, agencies


BOARD_FIELDS = (
    "pk",
    "progress_pct",
    "verified_pct",
    "planned_pct",
    "health",
    "last_report_at",
    "last_report_pct",
    "overdue_count",
)


def _all_pages(per_page=4, **kwargs):
    rows, number = [], 1
    while True:
        page = selectors.board_page(page_number=number, per_page=per_page, **kwargs)
        rows += page.object_list
        if not page.has_next():
            return rows, page.paginator.count
        number += 1


def _fields(rows):
    return [tuple(getattr(row, f) for f in BOARD_FIELDS) for row in rows]


SORTS = [*selectors.BOARD_SORTS, "nonsense"]
FILTERS = [
    {"health": Health.OFF_TRACK},
    {"health": Health.AT_RISK},
    {"health": Health.ON_TRACK},
    {"attention": "overdue"},
    {"attention": "missing_report"},
    {"status": Status.IN_PROGRESS},
    {"agency": "the first twin"},
    {"health": Health.OFF_TRACK, "attention": "overdue", "status": Status.APPROVED},
]


def test_the_page_first_board_has_the_rows_and_order_of_the_full_board(round_):
    _varied_board(round_)
    for sort in [*SORTS, *("-" + s for s in SORTS)]:
        full = list(selectors.board_initiatives(round_=round_, sort=sort))
        paged, count = _all_pages(per_page=6, round_=round_, sort=sort)
        assert count == len(full) == 21, sort
        assert _fields(paged) == _fields(full), sort


def test_the_page_first_board_filters_like_the_full_board(round_):
    _made, agencies = _varied_board(round_)
    seen = set()
    for filters in FILTERS:
        if filters.get("agency"):
            filters = {**filters, "agency": agencies[0]}
        for sort in ["agency", "-health", "overdue"]:
            full = list(selectors.board_initiatives(round_=round_, sort=sort, **filters))
            paged, count = _all_pages(round_=round_, sort=sort, **filters)
            assert count == len(full), (filters, sort)
            assert _fields(paged) == _fields(full), (filters, sort)
            seen.add(len(full))
    assert len(seen) > 3  # the filters do filter


def test_the_board_page_is_empty_when_nothing_matches(round_):
    page = selectors.board_page(round_=round_, sort="health")
    assert page.paginator.count == 0
    assert page.object_list == []


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"sort": "-title", "page": 2},
        {"sort": "health"},
        {"sort": "-last_report", "page": 2},
        {"health": "off_track", "sort": "-overdue"},
        {"attention": "missing_report", "sort": "-planned"},
    ],
    ids=str,
)
@pytest.mark.parametrize("rows", [1, 60])
def test_every_sort_and_filter_of_the_board_runs_a_fixed_number_of_queries(
    client, bureau_admin, round_, rows, params, django_assert_max_num_queries
):
    """Sorted or filtered by a computed value as by a column: the count and the page."""
    made, _agencies = _varied_board(round_) if rows > 1 else ([], [])
    if rows > 1:
        for _ in range(rows - len(made)):
            running_initiative(round=round_, status=Status.IN_PROGRESS)
    else:
        running_initiative(round=round_, status=Status.IN_PROGRESS, offsets=(-30, 90))
    client.login(username=bureau_admin.username, password=PASSWORD)
    with django_assert_max_num_queries(BOARD_QUERIES):
        response = client.get(reverse("monitoring:board", args=[round_.pk]), params)
    assert response.status_code == 200
    page = response.context["page"]
    assert len(page.object_list) <= 50
    if not params.get("health") and not params.get("attention"):
        assert page.paginator.count == rows


# --- The agency filter is a type-ahead, not a drop-down of every agency ----------


def test_the_board_filters_by_an_agency_typed_or_chosen_without_listing_every_agency(
    client, bureau_admin, round_, agency
):
    import re

    agency.abbreviation, agency.name = "Disuji", "Dinas Uji Papan"
    agency.save()
    mine = running_initiative(round=round_, agency=agency, status=Status.IN_PROGRESS)
    other = running_initiative(round=round_, status=Status.IN_PROGRESS)
    client.login(username=bureau_admin.username, password=PASSWORD)
    url = reverse("monitoring:board", args=[round_.pk])
    html = client.get(url).content.decode()
    assert '<select name="agency"' not in html
    field = re.search(r'<input[^>]*name="agency"[^>]*>', html).group(0)
    assert f'data-typeahead-url="{reverse("initiatives:agency_search")}"' in field
    assert "js/typeahead.js" in html
    for typed in (str(agency.pk), "disuji", "Dinas Uji Papan"):  # the script's id, or text
        rows = client.get(url, {"agency": typed, "status": "in_progress"}).context["page"]
        assert list(rows.object_list) == [mine], typed
    response = client.get(url, {"agency": "tidak-ada", "sort": "-title"})
    assert "Tidak ada perangkat daerah yang cocok dengan" in response.content.decode()
    assert {r.pk for r in response.context["page"].object_list} == {mine.pk, other.pk}


@pytest.mark.parametrize("rows", [1, 20])
def test_the_board_filtered_by_agency_runs_a_fixed_number_of_queries(
    client, bureau_admin, round_, agency, rows, django_assert_max_num_queries
):
    _fill(round_, agency, rows)
    client.login(username=bureau_admin.username, password=PASSWORD)
    with django_assert_max_num_queries(BOARD_QUERIES):
        response = client.get(
            reverse("monitoring:board", args=[round_.pk]), {"agency": agency.abbreviation}
        )
    assert response.context["page"].paginator.count == rows
