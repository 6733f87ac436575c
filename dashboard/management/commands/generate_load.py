"""`manage.py generate_load` — an alias of generate_data, the name the first performance brief used."""

from .generate_data import Command as GenerateDataCommand


class Command(GenerateDataCommand):
    pass
