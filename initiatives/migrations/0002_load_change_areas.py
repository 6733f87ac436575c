"""Load the eight change areas (idempotent: updates by code)."""

from django.db import migrations

from initiatives.reference_data import load_change_areas


def forwards(apps, schema_editor):
    load_change_areas(apps.get_model("initiatives", "ChangeArea"))


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
