"""The PDF briefing: a valid PDF with the dashboard's figures, behind the briefing's permission."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from pypdf import PdfReader

from dashboard.briefing_pdf import briefing_pdf, pdf_text


def pdf_text_of(content):
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_it_builds_a_pdf_with_the_round_and_its_figures(known_round):
    round_ = known_round["round"]
    round_.name = "Periode “Uji” 2026 – Tahap I · Kaltim"
    round_.save()
    now = timezone.make_aware(datetime.datetime(2026, 11, 29, 7, 0))

    with translation.override("id"):
        text = pdf_text_of(briefing_pdf(round_, now.date(), now=now))

    assert "Periode “Uji” 2026 – Tahap I · Kaltim" in text  # Windows-1252 punctuation prints
    assert "Pemerintah Provinsi Kalimantan Timur" in text
    assert "29 November 2026" in text and "07.00 WITA" in text
    assert "Angka utama" in text  # the headline section, in Indonesian
    assert "60,0 (CC)" in text  # headline mean review score: (80 + 60 + 40) / 3
    assert "Nilai reviu rata-rata" in text
    assert "70,0 (B)" in text  # agency A's mean score in the agency table
    assert text.index("Dinas A") < text.index("Dinas B")  # the one needing a push first
    assert "M -20" in text  # the off-track quick win's overdue milestone


def test_it_replaces_characters_helvetica_cannot_print():
    assert pdf_text("“a” – b · c — d") == "“a” – b · c — d"
    assert pdf_text("Łódź ✓ ş 漢") == "Lódz v s ?"


@pytest.mark.parametrize("who", ["leader", "bureau_admin"])
def test_it_downloads_the_pdf(client, known_round, who, request):
    client.force_login(request.getfixturevalue(who))
    round_ = known_round["round"]

    response = client.get(reverse("dashboard:briefing_pdf"), {"round": round_.pk})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    filename = f"briefing-{slugify(round_.name)}-{timezone.localdate():%Y-%m-%d}.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert round_.name in pdf_text_of(response.content)


@pytest.mark.parametrize("who", ["operator", "colleague", "reviewer"])
def test_it_refuses_the_pdf_to_others(client, known_round, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("dashboard:briefing_pdf"), {"round": known_round["round"].pk})
    assert response.status_code == 403


def test_it_sends_anonymous_visitors_to_log_in(client, known_round):
    response = client.get(reverse("dashboard:briefing_pdf"))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


@pytest.mark.parametrize("bad", ["abc", "999999", "-1", "1e9", "9" * 30])
def test_it_falls_back_to_the_current_round(client, known_round, leader, bad):
    client.force_login(leader)
    response = client.get(reverse("dashboard:briefing_pdf"), {"round": bad})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_it_links_the_pdf_from_the_dashboard_and_the_briefing(client, known_round, leader):
    client.force_login(leader)
    url = reverse("dashboard:briefing_pdf") + f"?round={known_round['round'].pk}"
    for page in ("dashboard:index", "dashboard:briefing"):
        html = client.get(reverse(page), {"round": known_round["round"].pk}).content.decode()
        assert f'href="{url}"' in html
        assert "Unduh PDF" in html


def test_it_only_accepts_get(client, known_round, leader):
    client.force_login(leader)
    assert client.post(reverse("dashboard:briefing_pdf")).status_code == 405
