"""The score formula and aggregation arithmetic, kept pure so it is easy to test."""

from decimal import ROUND_HALF_UP, Decimal
from statistics import median as _median

from .bands import band_of

# A spread (max − min) above this many points flags "reviewers disagree".
DISAGREEMENT_SPREAD = Decimal(20)
TWO_PLACES = Decimal("0.01")


def weighted_total(pairs):
    """0–100 from [(weight, score 1–5)]: Σ weight × (score − 1) / 4, rounded to 2 places.

    With weights adding up to 100 a rubric of all 1s gives 0 and all 5s gives 100.
    """
    raw = sum(Decimal(weight) * (Decimal(score) - 1) for weight, score in pairs) / 4
    return raw.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def to_decimal(value):
    if value is None:
        return None
    return Decimal(str(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def summarise(scores):
    """Count, mean, median, spread, disagreement and band of a list of review totals."""
    scores = [Decimal(str(s)) for s in scores if s is not None]
    if not scores:
        return {
            "count": 0,
            "mean": None,
            "median": None,
            "spread": None,
            "disagree": False,
            "band": None,
        }
    mean = to_decimal(sum(scores) / len(scores))
    spread = max(scores) - min(scores)
    return {
        "count": len(scores),
        "mean": mean,
        "median": to_decimal(_median(scores)),
        "spread": to_decimal(spread),
        "disagree": spread > DISAGREEMENT_SPREAD,
        "band": band_of(mean),
    }
