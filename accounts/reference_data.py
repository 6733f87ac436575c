"""The 44 perangkat daerah of Pemprov Kaltim, shipped with the app (accounts/data/*.csv).

Used by the data migration (with the historical model) and by tests that flush the
database (transactional and browser tests) to put the reference data back.
"""

import csv
from pathlib import Path

AGENCIES_CSV = Path(__file__).resolve().parent / "data" / "agencies_kaltim.csv"


def load_agencies(agency_model):
    """Create or update every agency by code; returns how many rows the file has."""
    with AGENCIES_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        agency_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "abbreviation": row["abbreviation"],
                "name": row["name"],
                "kind": row["kind"],
            },
        )
    return len(rows)
