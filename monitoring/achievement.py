"""The achievement (capaian) of a completed quick win: the rule, in one place.

Per indicator, achievement is the share of the planned change from baseline to target
that was actually made, direction-aware, capped to 0–100:

    higher is better: (actual − baseline) / (target − baseline) × 100
    lower is better:  (baseline − actual) / (baseline − target) × 100

so a waiting time cut from 14 to 7 days against a target of 3 days scores
(14 − 7) / (14 − 3) = 63.6. Going the wrong way scores 0; beating the target scores 100.
When the target asks for no change in the indicator's direction (target equal to the
baseline, or on the wrong side of it), the indicator scores 100 if the actual value is
at least as good as the target, else 0.

The overall score is the plain mean of the indicators' scores (every indicator weighs
the same), rounded to two decimals, with the RB band beside it.
"""

from decimal import ROUND_HALF_UP, Decimal

from initiatives.models import IndicatorDirection

HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")


def indicator_achievement(*, baseline, target, actual, direction):
    """Achievement % (0–100, two decimals) of one indicator, or None without an actual value."""
    if actual is None:
        return None
    baseline, target, actual = (Decimal(str(v)) for v in (baseline, target, actual))
    if direction == IndicatorDirection.LOWER_IS_BETTER:
        gained, needed = baseline - actual, baseline - target
        met = actual <= target
    else:
        gained, needed = actual - baseline, target - baseline
        met = actual >= target
    if needed <= 0:
        return HUNDRED.quantize(TWO_PLACES) if met else Decimal(0).quantize(TWO_PLACES)
    share = gained / needed * HUNDRED
    return min(max(share, Decimal(0)), HUNDRED).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def achievement_breakdown(indicators):
    """[(indicator, achievement % or None)] and the overall mean (None if any is missing)."""
    rows = [
        (
            indicator,
            indicator_achievement(
                baseline=indicator.baseline,
                target=indicator.target,
                actual=indicator.actual,
                direction=indicator.direction,
            ),
        )
        for indicator in indicators
    ]
    scores = [score for _indicator, score in rows]
    if not scores or any(score is None for score in scores):
        return rows, None
    overall = (sum(scores) / len(scores)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    return rows, overall
