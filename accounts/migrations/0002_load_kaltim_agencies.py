"""Load the 44 perangkat daerah of Pemprov Kaltim from accounts/data/agencies_kaltim.csv.

Idempotent: existing codes are updated, not duplicated.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "agencies_kaltim.csv"


def load_agencies(apps, schema_editor):
    Agency = apps.get_model("accounts", "Agency")
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            Agency.objects.update_or_create(
                code=row["code"],
                defaults={
                    "abbreviation": row["abbreviation"],
                    "name": row["name"],
                    "kind": row["kind"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(load_agencies, migrations.RunPython.noop)]
