"""Progress reports are monitoring's now (monitoring.0001 took the model and copied each
report's evidence links into its own table); here the old link column goes and the model
leaves this app's state. The table `initiatives_progressreport` stays, with every row."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0005_board_indexes"),
        ("monitoring", "0001_reports_and_achievement_move_here"),
    ]

    operations = [
        migrations.RemoveField(model_name="evidence", name="report"),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ProgressReport")],
            database_operations=[],
        ),
    ]
