"""In a real browser: an operator creates a quick win with two indicators and three
milestones, attaches a PDF, submits it and sees it as "Diajukan" with a timeline entry."""

import datetime
import os
import shutil

import pytest

from accounts.tests.factories import PASSWORD
from initiatives.models import Initiative
from initiatives.workflow import Status

from .helpers import SAMPLES

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture
def page(monkeypatch):
    if not CHROMIUM and not os.environ.get("CI"):
        pytest.skip("Chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the test still reads the DB.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(locale="id-ID")
        page.on("dialog", lambda dialog: dialog.accept())
        yield page
        browser.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_files_and_submits_a_quick_win_in_the_browser(
    page, live_server, operator, open_round, tmp_path
):
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", operator.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/tugas-saya/")
    page.get_by_role("link", name="Buat Quick Win").first.click()

    start = open_round.implementation_start + datetime.timedelta(days=1)
    page.fill("#id_title", "Antrean daring di peramban")
    page.select_option("#id_change_area", label="Peningkatan Kualitas Pelayanan Publik")
    for field in ("problem", "root_cause", "objective", "output", "outcome", "beneficiaries"):
        page.fill(f"#id_{field}", "Isi uji")
    page.fill("#id_start_date", start.isoformat())
    page.fill("#id_end_date", (start + datetime.timedelta(days=120)).isoformat())
    page.fill("#id_pic_name", "Rina")
    page.fill("#id_pic_position", "Kepala Bidang")
    page.fill("#id_budget", "12.500.000")
    page.fill("#id_budget_source", "APBD")

    page.get_by_role("button", name="Tambah indikator").click()
    for row, (name, target) in enumerate([("Waktu layanan", "3"), ("Kepuasan", "85")]):
        page.fill(f"#id_indicators-{row}-name", name)
        page.fill(f"#id_indicators-{row}-unit", "hari")
        page.fill(f"#id_indicators-{row}-baseline", "10")
        page.fill(f"#id_indicators-{row}-target", target)
    page.get_by_role("button", name="Tambah tahapan").click()
    page.get_by_role("button", name="Tambah tahapan").click()
    for row, weight in enumerate(["20", "50", "30"]):
        page.fill(f"#id_milestones-{row}-title", f"Tahap {row + 1}")
        page.fill(
            f"#id_milestones-{row}-due_date",
            (start + datetime.timedelta(days=30 * (row + 1))).isoformat(),
        )
        page.fill(f"#id_milestones-{row}-weight", weight)
    page.get_by_role("button", name="Simpan draf").click()
    page.wait_for_selector("text=Draf tersimpan.")

    pdf = tmp_path / "laporan.pdf"
    pdf.write_bytes(SAMPLES["laporan.pdf"])
    page.set_input_files("#id_file", str(pdf))
    page.get_by_role("button", name="Unggah berkas").click()
    page.wait_for_selector("text=Berkas “laporan.pdf” terunggah.")

    page.get_by_role("button", name="Ajukan").click()
    page.wait_for_selector("[data-status=submitted]")

    assert page.locator("[data-status=submitted]").first.inner_text() == "Diajukan"
    assert page.locator("[data-testid=timeline]").inner_text().count("Draf → Diajukan") == 1
    initiative = Initiative.objects.get()
    assert initiative.status == Status.SUBMITTED
    assert (initiative.indicators.count(), initiative.milestones.count()) == (2, 3)
    assert initiative.evidence.get().original_name == "laporan.pdf"
