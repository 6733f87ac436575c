"""The quick-win lists and the agency's to-do page: filters, sorting, counts, fixed query count."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.workflow import Status
from initiatives.models import ChangeArea, Initiative

from .factories import InitiativeFactory, MilestoneFactory, RoundFactory
from .helpers import set_status

ALL = reverse("initiatives:list")
MINE = reverse("initiatives:mine")
TODO = reverse("initiatives:todo")
# session, user, their agency (header), permissions (2), the open round (once: the view and
# the header share it, and the filter takes it without fetching it again), the filter's two
# choice lists (round, area; agencies are a type-ahead), count, page rows, the bell.
LIST_QUERY_BOUND = 11  # the same bound at 1 and at 10 rows, on page 1 and on the last page
TODO_QUERY_BOUND = 12  # 9 + the bell + the due-items partial (3), the open round looked up once


def _make(n, *, round_, agency, created_by, **kwargs):
    return [
        InitiativeFactory(round=round_, agency=agency, created_by=created_by, **kwargs)
        for _ in range(n)
    ]


@pytest.mark.parametrize("rows", [1, 10])
def test_it_lists_all_quick_wins_in_a_fixed_number_of_queries(
    login, bureau_admin, open_round, agency, operator, rows, django_assert_max_num_queries
):
    _make(rows, round_=open_round, agency=agency, created_by=operator)
    client = login(bureau_admin)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = client.get(ALL)
    assert response.status_code == 200
    assert f"{rows} quick win" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 10])
def test_it_lists_the_agencys_quick_wins_in_a_fixed_number_of_queries(
    login, operator, open_round, agency, rows, django_assert_max_num_queries
):
    _make(rows, round_=open_round, agency=agency, created_by=operator)
    client = login(operator)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = client.get(MINE)
    assert f"{rows} quick win" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 10])
def test_it_shows_the_todo_page_in_a_fixed_number_of_queries(
    login, operator, open_round, agency, rows, django_assert_max_num_queries
):
    for initiative in _make(rows, round_=open_round, agency=agency, created_by=operator):
        MilestoneFactory(initiative=initiative)
    client = login(operator)
    with django_assert_max_num_queries(TODO_QUERY_BOUND):
        response = client.get(TODO)
    assert response.content.decode().count('class="card h-100"') == rows


def test_it_shows_the_agency_only_its_own_quick_wins(login, operator, outsider, open_round):
    ours = InitiativeFactory(round=open_round, agency=operator.agency, title="Milik kami")
    InitiativeFactory(round=open_round, agency=outsider.agency, title="Milik tetangga")
    html = login(operator).get(MINE).content.decode()
    assert ours.title in html and "Milik tetangga" not in html
    assert 'name="agency"' not in html  # no agency filter on the agency's own list


def test_it_defaults_to_the_open_round_and_can_show_all_rounds(login, reviewer, open_round):
    old_round = RoundFactory(
        submission_opens=open_round.submission_opens - datetime.timedelta(days=400),
        submission_closes=open_round.submission_closes - datetime.timedelta(days=400),
        review_deadline=open_round.review_deadline - datetime.timedelta(days=400),
        implementation_start=open_round.implementation_start - datetime.timedelta(days=400),
        implementation_end=open_round.implementation_start - datetime.timedelta(days=40),
    )
    InitiativeFactory(round=open_round, title="Periode ini")
    InitiativeFactory(round=old_round, title="Periode lalu")
    client = login(reviewer)
    html = client.get(ALL).content.decode()
    assert "Periode ini" in html and "Periode lalu" not in html
    html = client.get(ALL, {"round": ""}).content.decode()
    assert "Periode ini" in html and "Periode lalu" in html
    # Another round than the open one is checked against the rounds (the open one is known).
    html = client.get(ALL, {"round": old_round.pk}).content.decode()
    assert "Periode ini" not in html and "Periode lalu" in html
    response = client.get(ALL, {"round": 987654})
    assert response.status_code == 200 and response.context["filter"].form.errors["round"]


def test_it_filters_by_status_area_agency_and_title(login, reviewer, open_round, agency):
    first = InitiativeFactory(round=open_round, agency=agency, title="Antrean daring")
    set_status(first, Status.SUBMITTED)
    InitiativeFactory(
        round=open_round,
        title="Tanda tangan elektronik",
        change_area=ChangeArea.objects.get(number=4),
    )
    client = login(reviewer)

    def titles(**params):
        return [i.title for i in client.get(ALL, params).context["page"].object_list]

    assert titles(status="submitted") == ["Antrean daring"]
    assert titles(change_area=ChangeArea.objects.get(number=4).pk) == ["Tanda tangan elektronik"]
    assert titles(agency=agency.pk) == ["Antrean daring"]
    assert titles(q="elektronik") == ["Tanda tangan elektronik"]


def test_it_sorts_by_title_and_date(login, reviewer, open_round):
    for title in ("Beta", "Alfa", "Gama"):
        InitiativeFactory(round=open_round, title=title)
    client = login(reviewer)

    def titles(sort):
        return [i.title for i in client.get(ALL, {"sort": sort}).context["page"].object_list]

    assert titles("title") == ["Alfa", "Beta", "Gama"]
    assert titles("-title") == ["Gama", "Beta", "Alfa"]
    assert titles("created") == ["Beta", "Alfa", "Gama"]


def test_it_paginates(login, reviewer, open_round, agency, operator):
    _make(25, round_=open_round, agency=agency, created_by=operator)
    client = login(reviewer)
    first = client.get(ALL)
    assert len(first.context["page"].object_list) == 20
    assert "25 quick win" in first.content.decode()
    assert len(client.get(ALL, {"page": 2}).context["page"].object_list) == 5
    assert client.get(ALL, {"page": "abc"}).status_code == 200


@pytest.mark.parametrize("sort", ["", "title", "-title", "start", "-created"])
def test_its_pages_hold_every_quick_win_once_in_order(
    login, reviewer, open_round, agency, operator, sort
):
    """Pages past the middle are cut from the end of the reversed order (list_page): they
    must still continue page 1 exactly, also when sort keys tie (same title, no start)."""
    made = _make(50, round_=open_round, agency=agency, created_by=operator, title="Sama")
    made += _make(15, round_=open_round, agency=agency, created_by=operator, start_date=None)
    client = login(reviewer)
    seen = []
    for number in (1, 2, 3, 4):  # 20, 20, 20, 5: pages 3 and 4 count from the end
        seen += [i.pk for i in client.get(ALL, {"sort": sort, "page": number}).context["page"]]
    assert sorted(seen) == sorted(i.pk for i in made)  # each once
    ordering = {"": "-created_at", "title": "title", "-title": "-title", "start": "start_date"}
    expected = list(
        Initiative.objects.filter(round=open_round)
        .order_by(ordering.get(sort, "-created_at"), "-id" if sort == "" else "id")
        .values_list("pk", flat=True)
    )
    assert seen == expected


@pytest.mark.parametrize("page", [1, 3])
def test_a_deep_page_runs_as_many_queries_as_page_one(
    login, bureau_admin, open_round, agency, operator, page, django_assert_max_num_queries
):
    _make(45, round_=open_round, agency=agency, created_by=operator)
    client = login(bureau_admin)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = client.get(ALL, {"page": page, "status": "draft"})
    assert len(response.context["page"].object_list) == (20 if page == 1 else 5)


def test_it_shows_revision_requests_first_on_the_todo_page(login, operator, open_round, agency):
    InitiativeFactory(round=open_round, agency=agency, title="Biasa saja")
    sent_back = InitiativeFactory(round=open_round, agency=agency, title="Perlu diperbaiki")
    set_status(sent_back, Status.REVISION)
    html = login(operator).get(TODO).content.decode()
    assert html.index("Perlu diperbaiki") < html.index("Biasa saja")
    assert "Buat Quick Win" in html and "Tugas Saya" in html


def test_it_invites_a_first_quick_win_on_an_empty_todo_page(login, operator, open_round):
    html = login(operator).get(TODO).content.decode()
    assert "Belum ada quick win." in html and reverse("initiatives:create") in html


def test_it_shows_the_nav_by_role(login, operator, bureau_admin, leader):
    operator_html = login(operator).get(TODO).content.decode()
    assert MINE in operator_html and reverse("initiatives:round_list") not in operator_html
    admin_html = login(bureau_admin).get(ALL).content.decode()
    assert reverse("initiatives:round_list") in admin_html and TODO not in admin_html
    leader_html = login(leader).get(ALL).content.decode()
    assert ALL in leader_html and reverse("initiatives:round_list") not in leader_html


def test_it_shows_progress_health_and_next_deadline_on_todo_cards(
    login, operator, open_round, agency
):
    initiative = InitiativeFactory(round=open_round, agency=agency, title="Sedang berjalan")
    today = timezone.localdate()
    MilestoneFactory(
        initiative=initiative, weight=40, due_date=initiative.start_date, completed_on=today
    )
    MilestoneFactory(initiative=initiative, weight=60, due_date=today + datetime.timedelta(days=3))
    set_status(initiative, Status.IN_PROGRESS)

    response = login(operator).get(TODO)

    card = response.context["initiatives"][0]
    assert (card.progress_pct, card.next_milestone_due) == (40, today + datetime.timedelta(days=3))
    assert 'data-health="' in response.content.decode()
    assert 'aria-valuenow="40"' in response.content.decode()


@pytest.mark.parametrize(
    "params", [{"round": "abc"}, {"status": "bogus"}, {"agency": "999999"}, {"sort": "password"}]
)
def test_it_survives_nonsense_filters(login, reviewer, open_round, params):
    InitiativeFactory(round=open_round)
    response = login(reviewer).get(ALL, params)
    assert response.status_code == 200


def test_the_status_badge_speaks_the_active_language(db, open_round):
    from django.utils import translation

    from core.templatetags.qw import status_badge

    initiative = InitiativeFactory(round=open_round)
    set_status(initiative, Status.SUBMITTED)
    with translation.override("id"):
        assert status_badge(initiative).endswith('data-status="submitted">Diajukan</span>')
    with translation.override("en"):
        assert status_badge(initiative).endswith('data-status="submitted">Submitted</span>')
