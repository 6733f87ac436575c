"""`manage.py generate_load` — the name issue 7 gives the data generator; same as generate_data."""

from .generate_data import Command as GenerateDataCommand


class Command(GenerateDataCommand):
    pass
