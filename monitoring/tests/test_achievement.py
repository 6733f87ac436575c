from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from core.workflow import Status
from initiatives.models import IndicatorDirection
from initiatives.tests.factories import IndicatorFactory

from ..achievement import achievement_breakdown, indicator_achievement
from ..models import AchievementEvaluation
from ..services import achievement_evaluate, completion_send_back
from .monitoring_helpers import running_initiative

HIGHER, LOWER = IndicatorDirection.HIGHER_IS_BETTER, IndicatorDirection.LOWER_IS_BETTER


@pytest.mark.parametrize(
    ("baseline", "target", "actual", "direction", "expected"),
    [
        # higher is better: share of the planned rise from baseline to target
        (40, 90, 90, HIGHER, "100.00"),
        (40, 90, 65, HIGHER, "50.00"),
        (40, 90, 120, HIGHER, "100.00"),  # capped
        (40, 90, 30, HIGHER, "0.00"),  # went backwards
        (0, 3, 1, HIGHER, "33.33"),
        # lower is better: share of the planned fall (14 → 3 days, reached 7)
        (14, 3, 7, LOWER, "63.64"),
        (14, 3, 3, LOWER, "100.00"),
        (14, 3, 1, LOWER, "100.00"),  # capped
        (14, 3, 20, LOWER, "0.00"),
        # no change asked: met or not
        (5, 5, 5, HIGHER, "100.00"),
        (5, 5, 4, HIGHER, "0.00"),
        (5, 5, 6, LOWER, "0.00"),
    ],
)
def test_indicator_achievement(baseline, target, actual, direction, expected):
    result = indicator_achievement(
        baseline=baseline, target=target, actual=actual, direction=direction
    )
    assert result == Decimal(expected)


def test_no_actual_value_means_no_score():
    assert indicator_achievement(baseline=1, target=2, actual=None, direction=HIGHER) is None


@pytest.fixture
def completed(agency):
    initiative = running_initiative(agency=agency, status=Status.COMPLETED)
    initiative.indicators.all().delete()
    IndicatorFactory(initiative=initiative, baseline=14, target=3, actual=7, direction=LOWER)
    IndicatorFactory(initiative=initiative, baseline=40, target=90, actual=90, direction=HIGHER)
    return initiative


def test_overall_is_the_mean_of_indicators(completed):
    _rows, overall = achievement_breakdown(list(completed.indicators.all()))
    assert overall == Decimal("81.82")  # (63.64 + 100) / 2


def test_the_bureau_evaluates_a_completed_quick_win(completed, bureau_admin):
    evaluation = achievement_evaluate(initiative=completed, by=bureau_admin, note="Baik")
    completed.refresh_from_db()
    assert completed.status == Status.EVALUATED
    assert evaluation.score == Decimal("81.82")
    assert AchievementEvaluation.objects.get(initiative=completed).note == "Baik"


def test_it_refuses_missing_actuals(completed, bureau_admin):
    completed.indicators.update(actual=None)
    with pytest.raises(ValidationError):
        achievement_evaluate(initiative=completed, by=bureau_admin)
    assert not AchievementEvaluation.objects.exists()


def test_it_refuses_a_quick_win_not_completed(agency, bureau_admin):
    running = running_initiative(agency=agency, status=Status.IN_PROGRESS)
    running.indicators.update(actual=5)
    with pytest.raises(ValidationError):
        achievement_evaluate(initiative=running, by=bureau_admin)
    assert not AchievementEvaluation.objects.exists()


def test_the_agency_cannot_evaluate(completed, operator):
    with pytest.raises(PermissionDenied):
        achievement_evaluate(initiative=completed, by=operator)


def test_send_back_needs_a_reason_and_reopens(completed, bureau_admin):
    with pytest.raises(ValidationError):
        completion_send_back(initiative=completed, by=bureau_admin, reason=" ")
    completion_send_back(initiative=completed, by=bureau_admin, reason="Bukti kurang")
    completed.refresh_from_db()
    assert completed.status == Status.IN_PROGRESS


def test_the_evaluate_view(client, completed, bureau_admin):
    client.login(username=bureau_admin.username, password=PASSWORD)
    url = reverse("monitoring:achievement_evaluate", args=[completed.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "81,8 (A)" in page.content.decode()
    assert client.post(url, {"note": "Baik"}).status_code == 302
    completed.refresh_from_db()
    assert completed.status == Status.EVALUATED


def test_the_send_back_view(client, completed, bureau_admin):
    client.login(username=bureau_admin.username, password=PASSWORD)
    url = reverse("monitoring:completion_send_back", args=[completed.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "Lengkapi bukti"}).status_code == 302


@pytest.mark.parametrize(
    "name", ["monitoring:achievement_evaluate", "monitoring:completion_send_back"]
)
def test_an_outsider_gets_404(client, completed, outsider, name):
    client.login(username=outsider.username, password=PASSWORD)
    assert client.get(reverse(name, args=[completed.pk])).status_code == 404
    assert client.post(reverse(name, args=[completed.pk]), {"reason": "x"}).status_code == 404


def test_the_agency_owner_may_not_evaluate(client, completed, operator):
    client.login(username=operator.username, password=PASSWORD)
    assert (
        client.get(reverse("monitoring:achievement_evaluate", args=[completed.pk])).status_code
        == 403
    )
