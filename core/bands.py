"""The RB score bands (AA … D) people already read their RB index by (domain.md).

The regulation calls them *predikat*; here they are "bands", because in this codebase a
"predicate" is a `rules` permission predicate."""

from decimal import Decimal

# (exclusive lower bound, band), highest first: AA > 90, A > 80, …, D ≤ 30.
BANDS = [
    (Decimal(90), "AA"),
    (Decimal(80), "A"),
    (Decimal(70), "BB"),
    (Decimal(60), "B"),
    (Decimal(50), "CC"),
    (Decimal(30), "C"),
]


def band_of(score):
    """The band of a 0–100 score, or None for no score."""
    if score is None:
        return None
    score = Decimal(str(score))
    for lower, label in BANDS:
        if score > lower:
            return label
    return "D"
