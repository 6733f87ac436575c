"""Achievement evaluation (capaian) of a completed quick win, and its detail-page panel.

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
the same), rounded to two decimals, with the RB predicate band beside it.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from initiatives.extensions import DetailPanel, register_detail_panel
from initiatives.models import IndicatorDirection
from initiatives.services import WorkflowError, transition
from initiatives.workflow import Action, Status
from quickwin.predicates import predicate

from .models import AchievementEvaluation

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


def achievement_evaluate(*, initiative, by, note=""):
    """The bureau evaluates a completed quick win: stores the score and moves it to evaluated.

    Guarantees: `by` is a bureau admin and the quick win is completed (re-checked under the
    transition's row lock); every indicator has an actual value; the score is computed
    here, never typed; the AchievementEvaluation and the status change are saved together.
    """
    if not by.has_perm("initiatives.evaluate_initiative", initiative):
        raise PermissionDenied
    rows, overall = achievement_breakdown(list(initiative.indicators.all()))
    if overall is None:
        raise ValidationError(
            _("Every indicator needs an actual value before the achievement can be evaluated.")
        )
    try:
        with transaction.atomic():
            transition(initiative=initiative, action=Action.EVALUATE, by=by, note=note)
            evaluation = AchievementEvaluation.objects.create(
                initiative=initiative, score=overall, note=(note or "").strip(), evaluated_by=by
            )
    except WorkflowError as error:
        raise ValidationError(error.messages) from None
    return evaluation


def completion_send_back(*, initiative, by, reason):
    """The bureau sends a completion request back to the agency (completed → in progress)."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Write what the agency must still do.")})
    try:
        return transition(initiative=initiative, action=Action.SEND_BACK, by=by, note=reason)
    except WorkflowError as error:
        raise ValidationError(error.messages) from None


def achievement_panel_context(request, initiative):
    """The achievement section: shown once the agency reported actual values (2 queries)."""
    if initiative.status not in (Status.COMPLETED, Status.EVALUATED):
        return None
    if not request.user.has_perm("initiatives.view_initiative", initiative):
        return None
    rows, overall = achievement_breakdown(list(initiative.indicators.all()))
    evaluation = AchievementEvaluation.objects.filter(initiative=initiative).first()
    return {
        "initiative": initiative,
        "rows": rows,
        "overall": overall,
        "overall_predicate": predicate(overall),
        "evaluation": evaluation,
        "can_evaluate": initiative.status == Status.COMPLETED
        and request.user.has_perm("initiatives.evaluate_initiative", initiative),
    }


def register_achievement_panel():
    register_detail_panel(
        DetailPanel(
            key="achievement",
            template="evaluations/achievement/_panel.html",
            order=60,
            context=achievement_panel_context,
        )
    )
