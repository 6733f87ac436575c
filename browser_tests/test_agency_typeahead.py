"""The all-quick-wins list's agency type-ahead in Chromium (static/js/typeahead.js): suggestions
from the JSON endpoint under the CSP, chosen with the keyboard or the mouse, the filter sent as
the agency's id; typed text without choosing still filters (resolved by the server)."""

import re

import pytest

from accounts.tests.factories import AgencyFactory
from initiatives.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_agencies(open_round):
    kominfo = AgencyFactory(
        code="diskominfo", abbreviation="Diskominfo", name="Dinas Komunikasi dan Informatika"
    )
    dinkes = AgencyFactory(code="dinkes", abbreviation="Dinkes", name="Dinas Kesehatan")
    InitiativeFactory(round=open_round, agency=kominfo, title="Satu data Kaltim")
    InitiativeFactory(round=open_round, agency=dinkes, title="Antrean puskesmas daring")
    return kominfo, dinkes


def _no_script_errors(page):
    """Script errors and CSP violations, and failed requests (other than a favicon)."""
    errors = []

    def on_console(message):
        if message.type == "error" and "Failed to load resource" not in message.text:
            errors.append(message.text)  # a CSP violation is logged here

    def on_response(response):
        if response.status >= 400 and "favicon" not in response.url:
            errors.append(f"{response.status} {response.url}")

    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", on_console)
    page.on("response", on_response)
    return errors


def test_it_picks_an_agency_from_the_suggestions(page, log_in, bureau_admin, two_agencies):
    kominfo, _dinkes = two_agencies
    errors = _no_script_errors(page)
    log_in(bureau_admin)
    page.goto("/quick-win/")
    box = page.get_by_role("combobox", name="Perangkat Daerah")
    box.fill("komunik")
    option = page.get_by_role("option", name="Diskominfo — Dinas Komunikasi dan Informatika")
    option.wait_for()
    box.press("ArrowDown")
    assert option.get_attribute("aria-selected") == "true"
    box.press("Enter")  # chooses; does not submit yet
    assert box.input_value() == "Diskominfo — Dinas Komunikasi dan Informatika"
    assert not option.is_visible()

    page.get_by_role("button", name="Filter", exact=True).click()
    page.wait_for_url(re.compile(rf"agency={kominfo.pk}(&|$)"))
    page.get_by_role("link", name="Satu data Kaltim").wait_for()
    assert page.get_by_role("link", name="Antrean puskesmas daring").count() == 0
    # The chosen agency stays shown, and a second search works from there (mouse this time).
    box = page.get_by_role("combobox", name="Perangkat Daerah")
    assert box.input_value() == "Diskominfo — Dinas Komunikasi dan Informatika"
    box.fill("dinke")
    page.get_by_role("option", name="Dinkes — Dinas Kesehatan").click()
    page.get_by_role("button", name="Filter", exact=True).click()
    page.get_by_role("link", name="Antrean puskesmas daring").wait_for()
    assert page.get_by_role("link", name="Satu data Kaltim").count() == 0
    assert errors == []


def test_typed_text_filters_without_choosing(page, log_in, reviewer, two_agencies):
    log_in(reviewer)
    page.goto("/quick-win/")
    box = page.get_by_role("combobox", name="Perangkat Daerah")
    box.fill("dinkes")
    box.press("Escape")
    page.get_by_role("button", name="Filter", exact=True).click()
    page.get_by_role("link", name="Antrean puskesmas daring").wait_for()
    assert page.get_by_role("link", name="Satu data Kaltim").count() == 0

    box = page.get_by_role("combobox", name="Perangkat Daerah")
    box.fill("tidak ada yang seperti ini")
    page.get_by_text("Perangkat daerah tidak ditemukan.").first.wait_for()
    box.press("Escape")
    page.get_by_role("button", name="Filter", exact=True).click()
    page.get_by_text("Tidak ada perangkat daerah yang cocok dengan").wait_for()


@pytest.mark.parametrize("board", ["monitoring:board", "evaluations:board"])
def test_the_boards_pick_an_agency_from_the_suggestions(
    page, log_in, bureau_admin, two_agencies, open_round, board
):
    """The monitoring and review boards use the same type-ahead (no drop-down of every agency)."""
    from django.urls import reverse

    from core.workflow import Status
    from initiatives.models import Initiative

    kominfo, _dinkes = two_agencies
    status = Status.IN_PROGRESS if board.startswith("monitoring") else Status.SUBMITTED
    Initiative.objects.filter(round=open_round).update(status=status)
    errors = _no_script_errors(page)
    log_in(bureau_admin)
    page.goto(reverse(board, args=[open_round.pk]))
    box = page.get_by_role("combobox", name="Perangkat Daerah")
    box.fill("komunik")
    page.get_by_role("option", name="Diskominfo — Dinas Komunikasi dan Informatika").click()
    page.get_by_role("button", name="Filter", exact=True).click()
    page.wait_for_url(re.compile(rf"agency={kominfo.pk}(&|$)"))
    page.get_by_role("link", name="Satu data Kaltim").wait_for()
    assert page.get_by_role("link", name="Antrean puskesmas daring").count() == 0
    assert errors == []
