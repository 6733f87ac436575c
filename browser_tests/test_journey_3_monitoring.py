"""Journey 3 in Chromium: the agency reports progress with evidence and marks a milestone
done with evidence; the bureau verifies it; the Sekda follows the quick win on the dashboard."""

import pytest
from django.utils import timezone

from evaluations.services import decide
from evaluations.tests.factories import in_review_initiative, submit_review
from initiatives.models import Milestone, ProgressReport
from initiatives.tests.helpers import SAMPLES
from initiatives.workflow import Status

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


def test_it_reports_progress_and_the_bureau_verifies_a_milestone(
    page, log_in, approved, bureau_admin, tmp_path
):
    report_and_verify(page, log_in, approved, bureau_admin, tmp_path)

    report = ProgressReport.objects.get(initiative=approved)
    assert report.percent_complete == 40
    assert report.evidence.get().original_name == "progres.pdf"
    milestone = Milestone.objects.filter(initiative=approved).exclude(completed_on=None).get()
    assert milestone.verified_at is not None
    assert milestone.evidence.get().original_name == "notulen.pdf"
    assert "Terverifikasi" in page.locator("body").inner_text()
