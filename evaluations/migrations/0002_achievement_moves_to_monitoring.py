"""Achievement evaluations are monitoring's now (monitoring.0001); the model leaves this app's
state, the table `evaluations_achievementevaluation` stays with every row."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0001_initial"),
        ("monitoring", "0001_reports_and_achievement_move_here"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AchievementEvaluation")],
            database_operations=[],
        ),
    ]
