"""The all-quick-wins list's agency filter: a type-ahead over a small JSON endpoint instead of
a drop-down of every agency, still accepting ?agency=<id> from links and typed text
without JavaScript."""

import re

import pytest
from django.urls import reverse

from accounts.models import Agency
from accounts.tests.factories import AgencyFactory
from initiatives.views import AGENCY_SUGGESTIONS

from .factories import InitiativeFactory

ALL = reverse("initiatives:list")
SEARCH = reverse("initiatives:agency_search")


def _agency_input(html):
    """The agency filter's <input …> tag."""
    match = re.search(r'<input[^>]*name="agency"[^>]*>', html)
    assert match, "no agency input on the page"
    return match.group(0)


@pytest.fixture
def kominfo(db):
    return AgencyFactory(
        code="diskominfo", abbreviation="Diskominfo", name="Dinas Komunikasi dan Informatika"
    )


@pytest.fixture
def dinkes(db):
    return AgencyFactory(code="dinkes", abbreviation="Dinkes", name="Dinas Kesehatan")


# --- The endpoint ---------------------------------------------------------------------------


def test_it_suggests_agencies_by_abbreviation_or_name_best_first(
    login, bureau_admin, kominfo, dinkes
):
    client = login(bureau_admin)
    answer = client.get(SEARCH, {"q": "din"})
    assert answer.status_code == 200 and answer["Content-Type"] == "application/json"
    results = answer.json()["results"]
    # Both abbreviations begin with "din" (as do the factories' "Dinas Uji n"):
    # alphabetical within the same rank.
    ours = [r for r in results if r["id"] in (dinkes.pk, kominfo.pk)]
    assert [r["id"] for r in ours] == [dinkes.pk, kominfo.pk]
    assert ours[0] == {
        "id": dinkes.pk,
        "label": "Dinkes — Dinas Kesehatan",
        "abbreviation": "Dinkes",
        "name": "Dinas Kesehatan",
    }
    by_name = client.get(SEARCH, {"q": "  komunikasi  "}).json()["results"]
    assert [r["id"] for r in by_name] == [kominfo.pk]
    assert client.get(SEARCH, {"q": "DISKOMINFO"}).json()["results"][0]["id"] == kominfo.pk


def test_it_ranks_an_exact_abbreviation_first(login, reviewer, db):
    later = AgencyFactory(abbreviation="Bappeda Litbang", name="A Badan")
    exact = AgencyFactory(abbreviation="Bappeda", name="Z Badan Perencanaan")
    results = login(reviewer).get(SEARCH, {"q": "bappeda"}).json()["results"]
    assert [r["id"] for r in results] == [exact.pk, later.pk]


def test_it_answers_at_most_twenty_active_agencies(login, leader, db):
    for n in range(AGENCY_SUGGESTIONS + 5):
        AgencyFactory(abbreviation=f"Dinas Uji {n:02d}", name=f"Dinas Uji Coba {n:02d}")
    retired = AgencyFactory(abbreviation="Dinas Lama", name="Dinas Yang Sudah Dibubarkan")
    Agency.objects.filter(pk=retired.pk).update(is_active=False)
    client = login(leader)
    assert len(client.get(SEARCH, {"q": "dinas"}).json()["results"]) == AGENCY_SUGGESTIONS
    assert client.get(SEARCH, {"q": "dibubarkan"}).json()["results"] == []
    assert client.get(SEARCH, {"q": "   "}).json()["results"] == []
    assert client.get(SEARCH).json()["results"] == []


def test_it_answers_only_those_who_may_see_the_list(client, login, operator, kominfo):
    assert client.get(SEARCH, {"q": "din"}).status_code == 302  # to the login page
    assert login(operator).get(SEARCH, {"q": "din"}).status_code == 403


def test_it_runs_one_query_for_the_suggestions(
    login, bureau_admin, kominfo, dinkes, django_assert_max_num_queries
):
    client = login(bureau_admin)
    client.get(SEARCH, {"q": "din"})  # session and permissions warmed
    with django_assert_max_num_queries(5):  # session, user, permissions (2), the search
        client.get(SEARCH, {"q": "din"})


# --- The filter -----------------------------------------------------------------------------


def test_the_list_has_no_drop_down_of_every_agency(login, bureau_admin, open_round, db):
    for n in range(30):
        AgencyFactory(abbreviation=f"PD Banyak {n}", name=f"Perangkat Daerah Banyak {n}")
    html = login(bureau_admin).get(ALL).content.decode()
    assert "PD Banyak" not in html and '<select name="agency"' not in html
    tag = _agency_input(html)
    assert 'type="text"' in tag and f'data-typeahead-url="{SEARCH}"' in tag
    assert "js/typeahead" in html  # our own script file, no inline code


def test_a_link_with_an_agency_id_filters_and_shows_the_agency(
    login, reviewer, open_round, kominfo, dinkes
):
    InitiativeFactory(round=open_round, agency=kominfo, title="Satu data")
    InitiativeFactory(round=open_round, agency=dinkes, title="Antrean puskesmas")
    response = login(reviewer).get(ALL, {"agency": kominfo.pk})
    assert [i.title for i in response.context["page"].object_list] == ["Satu data"]
    tag = _agency_input(response.content.decode())
    assert 'value="Diskominfo — Dinas Komunikasi dan Informatika"' in tag
    assert f'data-typeahead-id="{kominfo.pk}"' in tag


@pytest.mark.parametrize(
    "typed",
    [
        "diskominfo",  # the code or the abbreviation, any case
        "  DISKOMINFO ",
        "Dinas Komunikasi dan Informatika",
        "Diskominfo — Dinas Komunikasi dan Informatika",  # what the type-ahead writes
        "diskominfo—dinas komunikasi dan informatika",
    ],
)
def test_typed_text_filters_without_javascript(login, reviewer, open_round, kominfo, typed):
    InitiativeFactory(round=open_round, agency=kominfo, title="Satu data")
    InitiativeFactory(round=open_round, title="Milik yang lain")
    response = login(reviewer).get(ALL, {"agency": typed})
    assert [i.title for i in response.context["page"].object_list] == ["Satu data"]
    assert 'value="Diskominfo — Dinas Komunikasi dan Informatika"' in _agency_input(
        response.content.decode()
    )


def test_a_code_wins_over_a_shared_abbreviation(login, reviewer, open_round, db):
    coded = AgencyFactory(code="bpy", abbreviation="BPY", name="Badan Y")
    AgencyFactory(abbreviation="BPY", name="Badan Y Lain")
    response = login(reviewer).get(ALL, {"agency": "bpy"})
    assert response.context["filter"].form.cleaned_data["agency"] == coded


def test_a_shared_abbreviation_asks_for_the_full_name(login, reviewer, open_round, db):
    AgencyFactory(abbreviation="BPX", name="Badan Penanggulangan X")
    chosen = AgencyFactory(abbreviation="BPX", name="Badan Pengelola X")
    client = login(reviewer)
    html = client.get(ALL, {"agency": "bpx"}).content.decode()
    assert "Beberapa perangkat daerah cocok dengan “bpx”" in html
    response = client.get(ALL, {"agency": "BPX — Badan Pengelola X"})
    assert response.context["filter"].form.cleaned_data["agency"] == chosen


@pytest.mark.parametrize(
    # "²" is a digit to str.isdigit() but no number to int(): it was a server error.
    "bad",
    ["999999", "99999999999999999999999", "tidak-ada", "<b>x</b>", "²", "1²"],
)
def test_a_bad_agency_gets_a_clear_indonesian_message(login, reviewer, open_round, bad):
    InitiativeFactory(round=open_round, title="Tetap tampil")
    response = login(reviewer).get(ALL, {"agency": bad})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tidak ada perangkat daerah yang cocok dengan" in html
    assert "Ketik singkatan atau nama lengkapnya" in html
    assert "<b>x</b>" not in html  # escaped
    assert "Tetap tampil" in html  # the other filters still apply


def test_an_inactive_agency_is_not_a_filter_choice(login, reviewer, open_round, kominfo):
    Agency.objects.filter(pk=kominfo.pk).update(is_active=False)
    html = login(reviewer).get(ALL, {"agency": kominfo.pk}).content.decode()
    assert "Tidak ada perangkat daerah yang cocok dengan" in html


@pytest.mark.parametrize("rows", [1, 10])
def test_the_filtered_list_keeps_a_fixed_number_of_queries(
    login, bureau_admin, open_round, kominfo, operator, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        InitiativeFactory(round=open_round, agency=kominfo)
    client = login(bureau_admin)
    # The all-list bound (test_lists.LIST_QUERY_BOUND) plus the agency's lookup.
    with django_assert_max_num_queries(12):
        response = client.get(ALL, {"agency": kominfo.pk, "status": ["draft", "submitted"]})
    assert f"{rows} quick win" in response.content.decode()
