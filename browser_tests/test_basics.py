"""Basics every page keeps, checked in Chromium: the language switch, typed input kept on a
form error, and another agency's quick win answering 404 with the Indonesian page."""

import datetime

import pytest

from initiatives.models import Initiative

from .steps import fill_proposal, label

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_switches_the_labels_to_english(page, log_in, operator, open_round):
    log_in(operator)
    page.get_by_role("link", name="Buat Quick Win").first.click()
    assert page.get_by_role("heading", name="Quick win baru").is_visible()

    page.get_by_role("button", name="EN").click()
    page.get_by_role("heading", name="New quick win").wait_for()
    assert page.get_by_label("Start date").is_visible()
    assert page.get_by_role("button", name="Save draft").is_visible()

    page.get_by_role("button", name="ID").click()
    page.get_by_role("heading", name="Quick win baru").wait_for()


def test_a_form_error_keeps_what_was_typed(page, log_in, operator, open_round):
    log_in(operator)
    page.get_by_role("link", name="Buat Quick Win").first.click()
    start = fill_proposal(page, open_round, title="Judul yang tidak boleh hilang")
    label(page, "Tanggal selesai").fill((start - datetime.timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Simpan draf").click()

    message = "Tanggal selesai tidak boleh sebelum tanggal mulai."
    page.locator(".invalid-feedback", has_text=message).wait_for()
    assert label(page, "Judul quick win").input_value() == "Judul yang tidak boleh hilang"
    assert label(page, "Akar masalah").input_value() == "Akar masalah (uji peramban)"
    assert label(page, "Anggaran (rupiah)").input_value() in {"12.500.000", "12500000"}
    assert not Initiative.objects.exists()


def test_another_agencys_quick_win_is_not_found(page, log_in, outsider, draft):
    log_in(outsider)
    response = page.goto(draft.get_absolute_url())

    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Halaman tidak ditemukan"
    assert page.locator("html").get_attribute("lang") == "id"
    assert draft.title not in page.content()
