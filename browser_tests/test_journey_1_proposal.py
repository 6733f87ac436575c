"""Journey 1 in Chromium: an agency operator logs in, creates a quick win with two indicators
and three milestones, attaches a PDF, submits it, sees it as "Diajukan" with a timeline
entry, is no longer offered 'Ubah', and is told why when typing the edit address."""

import datetime

import pytest

from core.workflow import Status
from initiatives.models import Initiative
from initiatives.tests.helpers import SAMPLES

from .steps import fill_proposal, label

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_files_submits_and_locks_a_quick_win(page, log_in, operator, open_round, tmp_path):
    log_in(operator)
    page.get_by_role("link", name="Buat Quick Win").first.click()

    start = fill_proposal(page, open_round, title="Antrean daring di peramban")
    page.get_by_role("button", name="Tambah indikator").click()
    for row, (name, target) in enumerate([("Waktu layanan", "3"), ("Kepuasan", "85")]):
        label(page, "Indikator", row).fill(name)
        label(page, "Satuan", row).fill("hari")
        label(page, "Baseline", row).fill("10")
        label(page, "Target", row).fill(target)
    page.get_by_role("button", name="Tambah tahapan").click()
    page.get_by_role("button", name="Tambah tahapan").click()
    for row, weight in enumerate(["20", "50", "30"]):
        label(page, "Tahapan", row).fill(f"Tahap {row + 1}")
        label(page, "Tenggat", row).fill(
            (start + datetime.timedelta(days=30 * (row + 1))).isoformat()
        )
        label(page, "Bobot (%)", row).fill(weight)
    page.get_by_role("button", name="Simpan draf").click()
    page.get_by_text("Draf tersimpan.").wait_for()

    pdf = tmp_path / "laporan.pdf"
    pdf.write_bytes(SAMPLES["laporan.pdf"])
    page.locator("#evidence").get_by_label("Berkas").set_input_files(str(pdf))
    page.get_by_role("button", name="Unggah berkas").click()
    page.get_by_text("Berkas “laporan.pdf” terunggah.").wait_for()

    page.get_by_role("button", name="Ajukan").click()
    page.locator("[data-status=submitted]").first.wait_for()
    assert page.locator("[data-status=submitted]").first.inner_text() == "Diajukan"
    assert page.get_by_test_id("timeline").inner_text().count("Draf → Diajukan") == 1

    # Submitted: no "Ubah" any more; the edit address, typed, says why.
    assert page.get_by_role("link", name="Ubah", exact=True).count() == 0
    page.goto(page.url.split("?")[0].rstrip("/") + "/ubah/")
    page.get_by_text("Quick win ini berstatus “Diajukan” dan tidak dapat diubah lagi.").wait_for()
    assert "/ubah/" not in page.url

    initiative = Initiative.objects.get()
    assert initiative.status == Status.SUBMITTED
    assert (initiative.indicators.count(), initiative.milestones.count()) == (2, 3)
    assert initiative.evidence.get().original_name == "laporan.pdf"
