"""Progress reports (from `initiatives`) and achievement evaluations (from `evaluations`) become
monitoring's models. Both keep their tables and rows: only Django's bookkeeping moves
(SeparateDatabaseAndState), plus the content types, so notifications and permissions that
point at them keep working.

A report's evidence files were linked by `initiatives_evidence.report_id`; that column cannot
stay (the lower app would point at the higher one), so the links move into the report's own
table `monitoring_report_evidence` here, and `initiatives.0006` drops the column afterwards.
Reversible: going back copies the links into the column again.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MOVED = [("initiatives", "progressreport"), ("evaluations", "achievementevaluation")]


def move_content_types(apps, schema_editor, forward=True):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old_app, model in MOVED:
        source, target = (old_app, "monitoring") if forward else ("monitoring", old_app)
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def copy_report_links(apps, schema_editor):
    Evidence = apps.get_model("initiatives", "Evidence")
    ProgressReport = apps.get_model("monitoring", "ProgressReport")
    Link = ProgressReport.evidence.through
    links = Evidence.objects.filter(report__isnull=False).values_list("report_id", "pk")
    Link.objects.bulk_create(
        [Link(progressreport_id=report_id, evidence_id=pk) for report_id, pk in links.iterator()],
        batch_size=1000,
    )


def copy_report_links_back(apps, schema_editor):
    Evidence = apps.get_model("initiatives", "Evidence")
    ProgressReport = apps.get_model("monitoring", "ProgressReport")
    Link = ProgressReport.evidence.through
    for report_id, evidence_id in Link.objects.values_list("progressreport_id", "evidence_id"):
        Evidence.objects.filter(pk=evidence_id).update(report_id=report_id)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("evaluations", "0001_initial"),
        ("initiatives", "0005_board_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AchievementEvaluation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "score",
                            models.DecimalField(
                                decimal_places=2, max_digits=5, verbose_name="achievement score"
                            ),
                        ),
                        ("note", models.TextField(blank=True, verbose_name="note")),
                        (
                            "evaluated_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="evaluated at"),
                        ),
                        (
                            "evaluated_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="evaluated by",
                            ),
                        ),
                        (
                            "initiative",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="achievement_evaluation",
                                to="initiatives.initiative",
                                verbose_name="quick win",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "achievement evaluation",
                        "verbose_name_plural": "achievement evaluations",
                        "db_table": "evaluations_achievementevaluation",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("score__gte", 0), ("score__lte", 100)),
                                name="achievement_score_range",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ProgressReport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("period_start", models.DateField(verbose_name="period start")),
                        ("period_end", models.DateField(verbose_name="period end")),
                        ("due_date", models.DateField(verbose_name="due date")),
                        (
                            "percent_complete",
                            models.PositiveSmallIntegerField(verbose_name="percent complete"),
                        ),
                        ("achievements", models.TextField(verbose_name="what was achieved")),
                        (
                            "obstacles",
                            models.TextField(blank=True, verbose_name="obstacles (kendala)"),
                        ),
                        (
                            "follow_up",
                            models.TextField(blank=True, verbose_name="follow-up (tindak lanjut)"),
                        ),
                        (
                            "decrease_explanation",
                            models.TextField(blank=True, verbose_name="why progress went down"),
                        ),
                        (
                            "submitted_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="submitted at"
                            ),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="updated at"),
                        ),
                        ("is_late", models.BooleanField(default=False, verbose_name="late")),
                        (
                            "read_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="read by the bureau at"
                            ),
                        ),
                        (
                            "initiative",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="progress_reports",
                                to="initiatives.initiative",
                                verbose_name="quick win",
                            ),
                        ),
                        (
                            "read_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="read by",
                            ),
                        ),
                        (
                            "submitted_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="submitted by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "progress report",
                        "verbose_name_plural": "progress reports",
                        "db_table": "initiatives_progressreport",
                        "ordering": ["-period_start", "-id"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("initiative", "period_start"),
                                name="one_report_per_initiative_period",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("percent_complete__lte", 100)),
                                name="report_percent_range",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        # A new table: the links from a report to its evidence files.
        migrations.AddField(
            model_name="progressreport",
            name="evidence",
            field=models.ManyToManyField(
                blank=True,
                db_table="monitoring_report_evidence",
                related_name="reports",
                to="initiatives.evidence",
                verbose_name="evidence files",
            ),
        ),
        migrations.RunPython(copy_report_links, copy_report_links_back),
        migrations.RunPython(
            move_content_types,
            lambda apps, schema_editor: move_content_types(apps, schema_editor, forward=False),
        ),
    ]
