import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from core.bands import band_of
from core.formatting import days_until_text, rupiah, score_with_band


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12_500_000, "Rp 12.500.000"), (0, "Rp 0"), (999, "Rp 999"), (1000, "Rp 1.000"), (None, "—")],
)
def test_rupiah(value, expected):
    assert rupiah(value) == expected


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (100, "AA"),
        (Decimal("90.01"), "AA"),
        (90, "A"),
        (80.5, "A"),
        (80, "BB"),
        (70, "B"),
        (60, "CC"),
        (50, "C"),
        (30.01, "C"),
        (30, "D"),
        (0, "D"),
        (None, None),
    ],
)
def test_bands_at_their_edges(score, band):
    assert band_of(score) == band


def test_score_reads_with_a_decimal_comma_in_indonesian():
    with translation.override("id"):
        assert score_with_band(Decimal("78.44")) == "78,4 (BB)"
    with translation.override("en"):
        assert score_with_band(Decimal("78.44")) == "78.4 (BB)"


def test_deadline_words():
    today = datetime.date(2027, 3, 10)
    with translation.override("id"):
        assert days_until_text(datetime.date(2027, 3, 13), today) == "3 hari lagi"
        assert days_until_text(datetime.date(2027, 3, 8), today) == "terlambat 2 hari"
        assert days_until_text(today, today) == "jatuh tempo hari ini"
