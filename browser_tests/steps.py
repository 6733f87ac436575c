"""Steps several journeys share, written the way a person works the page: by labels and buttons."""

import datetime
import re


def label(page, text, nth=0):
    """The n-th field labelled `text`, required mark aside (formset rows repeat their labels)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")).nth(nth)


def fill_proposal(page, round_, *, title, start_offset=1, length=120):
    """Type a complete proposal into the open quick-win form (header fields only)."""
    start = round_.implementation_start + datetime.timedelta(days=start_offset)
    label(page, "Judul quick win").fill(title)
    label(page, "Area perubahan utama").select_option(label="Peningkatan Kualitas Pelayanan Publik")
    for field in (
        "Permasalahan",
        "Akar masalah",
        "Tujuan",
        "Output yang diharapkan",
        "Outcome / manfaat",
        "Penerima manfaat",
    ):
        label(page, field).fill(f"{field} (uji peramban)")
    label(page, "Tanggal mulai").fill(start.isoformat())
    label(page, "Tanggal selesai").fill((start + datetime.timedelta(days=length)).isoformat())
    label(page, "Penanggung jawab").fill("Rina")
    label(page, "Jabatan penanggung jawab").fill("Kepala Bidang")
    label(page, "Anggaran (rupiah)").fill("12.500.000")
    label(page, "Sumber anggaran").fill("APBD")
    return start


def click_and_wait(page, locator):
    """Click something that loads a new page and wait until it has loaded."""
    with page.expect_navigation():
        locator.click()


def switch_user(page, log_in, user):
    """Log out through the navigation bar's button, then log in as `user`."""
    logout = page.get_by_role("button", name="Keluar")
    if logout.count():
        logout.click()
        page.wait_for_load_state("networkidle")
    log_in(user)


def score_every_criterion(page, score):
    """Tick the same 1–5 score in every criterion's radio group of the review form."""
    groups = page.locator("#qw-review-form fieldset")
    for i in range(groups.count()):
        groups.nth(i).get_by_label(re.compile(rf"^{score} –")).check()
