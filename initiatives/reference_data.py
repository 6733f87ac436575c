"""The eight change areas (area perubahan), shipped with the app (initiatives/data/*.csv)."""

import csv
from pathlib import Path

CHANGE_AREAS_CSV = Path(__file__).resolve().parent / "data" / "change_areas.csv"


def load_change_areas(change_area_model):
    """Create or update the change areas by code; returns how many rows the file has."""
    with CHANGE_AREAS_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        change_area_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "number": int(row["number"]),
                "name_id": row["name_id"],
                "name_en": row["name_en"],
            },
        )
    return len(rows)
