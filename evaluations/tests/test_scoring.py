from decimal import Decimal

import pytest

from core.scores import summarise, weighted_total
from evaluations.selectors import aggregate_for
from evaluations.tests.factories import in_review_initiative, submitted_review_with_total


def test_it_scores_all_ones_as_zero_and_all_fives_as_hundred():
    weights = [20, 20, 15, 15, 10, 10, 10]
    assert weighted_total((w, 1) for w in weights) == Decimal("0.00")
    assert weighted_total((w, 5) for w in weights) == Decimal("100.00")


def test_it_weights_each_criterion_by_its_share():
    # 20×(4−1)/4 + 30×(2−1)/4 + 50×(5−1)/4 = 15 + 7.5 + 50
    assert weighted_total([(20, 4), (30, 2), (50, 5)]) == Decimal("72.50")
    assert weighted_total([(15, 3), (85, 1)]) == Decimal("7.50")


@pytest.mark.parametrize(
    ("score", "band"),
    [
        ("100", "AA"),
        ("90.01", "AA"),
        ("90", "A"),
        ("80.01", "A"),
        ("80", "BB"),
        ("30.01", "C"),
        ("30", "D"),
        ("0", "D"),
    ],
)
def test_it_puts_a_mean_into_the_rb_band_at_the_edges(score, band):
    assert summarise([Decimal(score)])["band"] == band


def test_it_gives_mean_median_spread_and_flags_disagreement_above_20():
    summary = summarise([Decimal("60"), Decimal("70"), Decimal("85")])
    assert summary["count"] == 3
    assert summary["mean"] == Decimal("71.67")
    assert summary["median"] == Decimal("70.00")
    assert summary["spread"] == Decimal("25.00")
    assert summary["disagree"] is True
    assert summary["band"] == "BB"
    assert summarise([Decimal("60"), Decimal("80")])["disagree"] is False  # exactly 20
    assert summarise([Decimal("60"), Decimal("80.25")])["disagree"] is True


def test_it_has_no_score_without_reviews():
    assert summarise([]) == {
        "count": 0,
        "mean": None,
        "median": None,
        "spread": None,
        "disagree": False,
        "band": None,
    }


@pytest.mark.parametrize(
    ("totals", "mean", "band"),
    [
        (["90.02", "90.00"], "90.01", "AA"),
        (["90", "90"], "90.00", "A"),
        (["100", "100"], "100.00", "AA"),
        (["30", "30"], "30.00", "D"),
        (["0", "0"], "0.00", "D"),
    ],
)
def test_it_aggregates_submitted_reviews_of_a_quick_win(
    open_round, reviewer, second_reviewer, bureau_admin, totals, mean, band
):
    initiative, assignments = in_review_initiative(
        open_round, [reviewer, second_reviewer], bureau_admin
    )
    for assignment, total in zip(assignments, totals, strict=True):
        submitted_review_with_total(assignment, Decimal(total))
    summary = aggregate_for(initiative)
    assert summary["mean"] == Decimal(mean)
    assert summary["band"] == band
    assert summary["count"] == 2
