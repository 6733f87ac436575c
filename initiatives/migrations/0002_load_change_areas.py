"""Load the eight change areas (area perubahan) from initiatives/data/change_areas.csv."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "change_areas.csv"


def load_change_areas(apps, schema_editor):
    ChangeArea = apps.get_model("initiatives", "ChangeArea")
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            ChangeArea.objects.update_or_create(
                code=row["code"],
                defaults={
                    "number": int(row["number"]),
                    "name_id": row["name_id"],
                    "name_en": row["name_en"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]
    operations = [migrations.RunPython(load_change_areas, migrations.RunPython.noop)]
