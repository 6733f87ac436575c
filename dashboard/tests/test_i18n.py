"""Indonesian first: every dashboard string is translated, the catalogue is complete."""

from pathlib import Path

import polib
from django.urls import reverse
from django.utils import translation

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "id" / "LC_MESSAGES" / "django.po"


def test_it_has_an_indonesian_translation_for_every_string():
    po = polib.pofile(str(CATALOGUE))
    assert not po.untranslated_entries()
    assert not po.fuzzy_entries()


def test_it_speaks_indonesian_by_default(client, known_round, leader):
    client.force_login(leader)
    html = client.get(reverse("dashboard:index")).content.decode()
    assert "Dasbor quick win" in html and "Perangkat Daerah berpartisipasi" in html


def test_it_labels_the_print_button_in_indonesian(client, known_round, leader):
    client.force_login(leader)
    with translation.override("id"):
        html = client.get(reverse("dashboard:briefing")).content.decode()
    assert "Cetak / Simpan PDF" in html
