"""Monitoring became its own app: the moved models kept their tables and every row.

A database at the schema from before the move (initiatives 0005, evaluations 0001) gets a
progress report with evidence, an evidence file linked to it and an achievement evaluation;
migrating forward must find every row, now through monitoring's models, with the report's
evidence links intact. Back again, the links return to the old column.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("initiatives", "0005_board_indexes"),
    ("evaluations", "0001_initial"),
    ("monitoring", None),
]
AFTER = [
    ("initiatives", "0006_progress_reports_move_to_monitoring"),
    ("evaluations", "0002_achievement_moves_to_monitoring"),
    ("monitoring", "0001_reports_and_achievement_move_here"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def _leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.fixture
def old_world(transactional_db):
    """Rows in every moved table, written through the models as they were before."""
    apps = _migrate(BEFORE)
    Agency = apps.get_model("accounts", "Agency")
    User = apps.get_model("accounts", "User")
    Round = apps.get_model("initiatives", "Round")
    ChangeArea = apps.get_model("initiatives", "ChangeArea")
    Initiative = apps.get_model("initiatives", "Initiative")
    Evidence = apps.get_model("initiatives", "Evidence")
    ProgressReport = apps.get_model("initiatives", "ProgressReport")
    AchievementEvaluation = apps.get_model("evaluations", "AchievementEvaluation")

    today = timezone.localdate()
    agency = Agency.objects.create(code="dinas-migrasi", abbreviation="DM", name="Dinas Migrasi")
    user = User.objects.create(username="migrasi", agency=agency, is_agency_operator=True)
    round_ = Round.objects.create(
        name="Periode Migrasi",
        year=today.year,
        submission_opens=today,
        submission_closes=today,
        review_deadline=today,
        implementation_start=today,
        implementation_end=today + datetime.timedelta(days=300),
    )
    area = ChangeArea.objects.order_by("number").first() or ChangeArea.objects.create(
        number=1, code="manajemen-perubahan", name_id="Manajemen Perubahan", name_en="Change"
    )
    initiative = Initiative.objects.create(
        round=round_, agency=agency, title="QW Migrasi", change_area=area, created_by=user
    )
    reports = [
        ProgressReport.objects.create(
            initiative=initiative,
            period_start=today.replace(day=1) + datetime.timedelta(days=40 * n),
            period_end=today.replace(day=1) + datetime.timedelta(days=40 * n + 27),
            due_date=today + datetime.timedelta(days=40 * n + 40),
            percent_complete=10 * (n + 1),
            achievements=f"Capaian {n}",
            submitted_by=user,
        )
        for n in range(2)
    ]
    files = [
        Evidence.objects.create(
            initiative=initiative,
            kind="report",
            report=reports[n % 2],
            file=f"evidence/2027/01/{n}.pdf",
            original_name=f"laporan-{n}.pdf",
            content_type="application/pdf",
            size=100 + n,
            uploaded_by=user,
        )
        for n in range(3)
    ]
    plain = Evidence.objects.create(
        initiative=initiative,
        kind="proposal",
        file="evidence/2027/01/p.pdf",
        original_name="proposal.pdf",
        content_type="application/pdf",
        size=1,
        uploaded_by=user,
    )
    evaluation = AchievementEvaluation.objects.create(
        initiative=initiative, score="87.50", note="Baik", evaluated_by=user
    )
    yield {
        "reports": {r.pk: (r.achievements, r.percent_complete) for r in reports},
        "links": {f.pk: f.report_id for f in files},
        "plain": plain.pk,
        "evaluation": (evaluation.pk, evaluation.initiative_id),
    }
    _migrate(_leaves())


def test_moving_forward_keeps_every_row(old_world):
    apps = _migrate(AFTER)
    ProgressReport = apps.get_model("monitoring", "ProgressReport")
    AchievementEvaluation = apps.get_model("monitoring", "AchievementEvaluation")
    Evidence = apps.get_model("initiatives", "Evidence")

    assert {
        r.pk: (r.achievements, r.percent_complete) for r in ProgressReport.objects.all()
    } == old_world["reports"]
    links = dict(
        ProgressReport.evidence.through.objects.values_list("evidence_id", "progressreport_id")
    )
    assert links == old_world["links"]
    assert Evidence.objects.count() == len(old_world["links"]) + 1
    assert not Evidence.objects.get(pk=old_world["plain"]).reports.exists()
    evaluation = AchievementEvaluation.objects.get()
    assert (evaluation.pk, evaluation.initiative_id) == old_world["evaluation"]
    assert str(evaluation.score) == "87.50"

    ContentType = apps.get_model("contenttypes", "ContentType")
    assert ContentType.objects.filter(app_label="monitoring", model="progressreport").exists()
    assert not ContentType.objects.filter(app_label="initiatives", model="progressreport").exists()


def test_moving_back_restores_the_report_links(old_world):
    _migrate(AFTER)
    apps = _migrate(BEFORE)
    Evidence = apps.get_model("initiatives", "Evidence")
    assert (
        dict(Evidence.objects.filter(report__isnull=False).values_list("pk", "report_id"))
        == (old_world["links"])
    )
