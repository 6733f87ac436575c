"""The quick win's page: its sections, other apps' panels, one merged timeline, comments."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from core.workflow import Action, Status
from initiatives import extensions
from initiatives.extensions import DetailPanel, TimelineEvent
from initiatives.services import evidence_attach, transition
from monitoring.models import ProgressReport
from monitoring.tests.monitoring_helpers import pdf

from ..models import Comment, EvidenceKind
from .factories import IndicatorFactory, MilestoneFactory
from .helpers import set_status


@pytest.fixture
def other_app_extensions(monkeypatch, settings):
    """A panel and a timeline provider as a higher app would register them."""
    test_templates = Path(__file__).parent / "templates"
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], test_templates]}
    ]
    monkeypatch.setattr(extensions, "_detail_panels", [])
    monkeypatch.setattr(extensions, "_timeline_providers", [])
    extensions.register_detail_panel(
        DetailPanel(
            key="uji",
            template="initiatives/tests/_panel.html",
            order=1,
            context=lambda request, initiative: {"greeting": "Panel dari aplikasi lain"},
        )
    )
    extensions.register_timeline_provider(
        lambda initiative, user: [
            TimelineEvent(
                when=timezone.now() + datetime.timedelta(minutes=5),
                kind="review",
                title="Reviu terkirim",
            )
        ]
    )


def test_it_shows_every_section(login, operator, draft):
    html = login(operator).get(draft.get_absolute_url()).content.decode()
    for text in (
        draft.title,
        draft.agency.name,
        "Peningkatan Kualitas Pelayanan Publik",
        'data-status="draft">Draf</span>',
        "Usulan",
        "Indikator keberhasilan",
        "Rencana aksi",
        "Data dukung",
        "Linimasa",
        "Rp 12.500.000",
    ):
        assert text in html, text


def test_it_merges_status_changes_comments_and_other_apps_events(
    login, operator, bureau_admin, draft, other_app_extensions
):
    transition(initiative=draft, action=Action.SUBMIT, by=operator)
    client = login(bureau_admin)
    client.post(reverse("initiatives:comment", args=[draft.pk]), {"body": "Mohon lengkapi data"})

    html = client.get(draft.get_absolute_url()).content.decode()

    assert "Panel dari aplikasi lain" in html
    positions = [
        html.index(t) for t in ("Draf → Diajukan", "Mohon lengkapi data", "Reviu terkirim")
    ]
    assert positions == sorted(positions)
    assert str(operator) in html and str(bureau_admin) in html


@pytest.mark.parametrize("rows", [1, 8])
def test_it_runs_a_fixed_number_of_queries(
    login, operator, draft, rows, django_assert_max_num_queries
):
    client = login(operator)
    for _ in range(rows):
        Comment.objects.create(initiative=draft, author=operator, body="halo")
        MilestoneFactory(initiative=draft, weight=1)
        IndicatorFactory(initiative=draft)
    # 13 for the page (indicators, milestones, reports, evidence and status changes loaded
    # once, shared with submission_problems, the panels and the timeline) + the bell + the
    # evaluations timeline; the review panel reads the shared status changes.
    with django_assert_max_num_queries(16):
        client.get(draft.get_absolute_url())


@pytest.mark.parametrize("rows", [1, 8])
@pytest.mark.parametrize("viewer", ["operator", "bureau_admin"])
def test_it_runs_a_fixed_number_of_queries_in_implementation(
    login, operator, bureau_admin, draft, rows, viewer, django_assert_max_num_queries
):
    """The monitoring panels and the timeline reuse the page's milestones, reports and
    evidence: each milestone's files come from the page's one evidence query, the reports'
    files from one query of the reports' links."""
    set_status(draft, Status.IN_PROGRESS)
    start = draft.round.implementation_start
    for n in range(rows):
        Comment.objects.create(initiative=draft, author=operator, body="halo")
        milestone = MilestoneFactory(initiative=draft, weight=1)
        report = ProgressReport.objects.create(
            initiative=draft,
            period_start=start + datetime.timedelta(days=40 * n),
            period_end=start + datetime.timedelta(days=40 * n + 30),
            due_date=start + datetime.timedelta(days=40 * n + 40),
            percent_complete=n,
            achievements="Rapat",
            submitted_by=operator,
        )
        evidence_attach(
            initiative=draft,
            uploaded_file=pdf(f"tahap-{n}.pdf"),
            by=operator,
            kind=EvidenceKind.MILESTONE,
            milestone=milestone,
        )
        report.evidence.add(
            evidence_attach(
                initiative=draft,
                uploaded_file=pdf(f"lapor-{n}.pdf"),
                by=operator,
                kind=EvidenceKind.REPORT,
            )
        )
    client = login(operator if viewer == "operator" else bureau_admin)
    with django_assert_max_num_queries(17):
        response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for n in range(rows):
        assert f"tahap-{n}.pdf" in html and f"lapor-{n}.pdf" in html


def test_it_lets_the_agency_reviewers_and_bureau_comment(
    login, operator, colleague, reviewer, bureau_admin, draft
):
    url = reverse("initiatives:comment", args=[draft.pk])
    for user in (operator, colleague, reviewer, bureau_admin):
        login(user).post(url, {"body": f"Komentar {user.username}"})
    assert Comment.objects.filter(initiative=draft).count() == 4


def test_it_refuses_an_empty_comment(login, operator, draft):
    response = login(operator).post(
        reverse("initiatives:comment", args=[draft.pk]), {"body": "   "}, follow=True
    )
    assert not Comment.objects.exists()
    assert "Tulis komentar terlebih dahulu." in response.content.decode()


def test_it_refuses_comments_from_leadership(login, leader, draft):
    response = login(leader).post(reverse("initiatives:comment", args=[draft.pk]), {"body": "x"})
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_it_lists_what_is_missing_before_submitting(login, operator, draft):
    draft.milestones.update(weight=30)
    html = login(operator).get(draft.get_absolute_url()).content.decode()
    assert "Sebelum quick win ini dapat diajukan:" in html
    assert "saat ini 60" in html


def test_it_shows_health_in_words_once_in_implementation(login, reviewer, draft):
    html = login(reviewer).get(draft.get_absolute_url()).content.decode()
    assert "data-health=" not in html
    set_status(draft, Status.IN_PROGRESS)
    html = login(reviewer).get(draft.get_absolute_url()).content.decode()
    assert "data-health=" in html
    assert any(word in html for word in ("Sesuai rencana", "Berisiko", "Terlambat"))
