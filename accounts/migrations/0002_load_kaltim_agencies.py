"""Load the 44 perangkat daerah of Pemprov Kaltim (idempotent: updates by code)."""

from django.db import migrations

from accounts.reference_data import load_agencies


def forwards(apps, schema_editor):
    load_agencies(apps.get_model("accounts", "Agency"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
