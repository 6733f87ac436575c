"""Journey 3 in Chromium: the agency reports progress with evidence and marks a milestone
done with evidence; the bureau verifies it; the Sekda follows the quick win on the dashboard."""

import openpyxl
import pytest
from django.utils import timezone

from core.workflow import Status
from evaluations.services import decide
from evaluations.tests.factories import in_review_initiative, submit_review
from initiatives.models import Milestone
from initiatives.tests.helpers import SAMPLES
from monitoring.models import ProgressReport

from .steps import label, switch_user

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Layanan izin usaha daring"


@pytest.fixture
def approved(open_round, reviewer, second_reviewer, bureau_admin):
    """A quick win that went through review and was approved, as the services do it."""
    initiative, assignments = in_review_initiative(
        open_round, [reviewer, second_reviewer], bureau_admin, title=TITLE
    )
    for assignment in assignments:
        submit_review(assignment)
    decide(initiative=initiative, decision="approve", by=bureau_admin)
    initiative.refresh_from_db()
    assert initiative.status == Status.APPROVED
    return initiative


def _evidence(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(SAMPLES["laporan.pdf"])
    return str(path)


def report_and_verify(page, log_in, approved, bureau_admin, tmp_path):
    operator = approved.operator
    log_in(operator)
    page.get_by_role("link", name=TITLE).first.click()

    page.get_by_role("link", name="Sampaikan laporan kemajuan").click()
    label(page, "Persentase selesai").fill("40")
    label(page, "Capaian").fill("Aplikasi diuji coba di dua kecamatan.")
    label(page, "Berkas bukti (data dukung)").set_input_files(_evidence(tmp_path, "progres.pdf"))
    page.get_by_role("button", name="Simpan laporan").click()
    page.get_by_text("Laporan kemajuan").first.wait_for()

    page.get_by_role("link", name="Tandai selesai").first.click()
    label(page, "Tanggal selesai").fill(timezone.localdate().isoformat())
    label(page, "Yang telah dikerjakan").fill("Rapat koordinasi selesai.")
    label(page, "Berkas bukti (data dukung)").set_input_files(_evidence(tmp_path, "notulen.pdf"))
    page.get_by_role("button", name="Tandai selesai").click()
    page.get_by_text("Tahapan ditandai selesai.").wait_for()

    switch_user(page, log_in, bureau_admin)
    page.get_by_role("link", name="Monitoring", exact=True).first.click()
    page.get_by_role("link", name=TITLE).first.click()
    page.get_by_role("button", name="Verifikasi").first.click()
    page.wait_for_load_state("networkidle")


def test_it_reports_verifies_and_shows_on_the_sekda_dashboard(
    page, log_in, approved, bureau_admin, leader, tmp_path
):
    report_and_verify(page, log_in, approved, bureau_admin, tmp_path)

    report = ProgressReport.objects.get(initiative=approved)
    assert report.percent_complete == 40
    assert report.evidence.get().original_name == "progres.pdf"
    milestone = Milestone.objects.filter(initiative=approved).exclude(completed_on=None).get()
    assert milestone.verified_at is not None
    assert milestone.evidence.get().original_name == "notulen.pdf"
    assert "Terverifikasi" in page.locator("body").inner_text()

    # The Sekda lands on the dashboard and finds the quick win under its area and agency.
    switch_user(page, log_in, leader)
    page.get_by_role("heading", name="Dasbor quick win").wait_for()
    area_row = (
        page.get_by_test_id("area-table")
        .get_by_role("row")
        .filter(has_text="Peningkatan Kualitas Pelayanan Publik")
    )
    assert area_row.get_by_role("cell").nth(0).inner_text() == "1"  # proposed
    assert area_row.get_by_role("cell").nth(1).inner_text() == "1"  # approved
    agency_row = (
        page.get_by_test_id("agency-table")
        .get_by_role("row")
        .filter(has_text=approved.agency.abbreviation)
    )
    assert agency_row.get_by_role("cell").nth(0).inner_text() == "1"
    assert agency_row.get_by_role("cell").nth(1).inner_text() == "1"

    # A figure leads to the filtered list holding the quick win.
    area_row.get_by_role("cell").nth(1).get_by_role("link").click()
    page.get_by_role("link", name=TITLE).first.wait_for()
    assert "?" in page.url

    page.go_back()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh XLSX").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    workbook = openpyxl.load_workbook(saved, read_only=True)
    cells = {
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    }
    assert TITLE in cells
    assert approved.agency.name in cells or approved.agency.abbreviation in cells
