"""The load generator at a tiny size: every status, consistent plans, refuses to mix runs."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from accounts.models import Agency, User
from core.workflow import Status
from evaluations.models import Review
from initiatives.models import Initiative, Milestone, Round
from monitoring.models import ProgressReport


@pytest.mark.django_db
def test_it_generates_realistic_data_through_the_command(capsys):
    call_command("generate_data", agencies=5, initiatives=80, seed=9)

    assert "Generated in" in capsys.readouterr().out
    assert Agency.objects.filter(code__startswith="gen9-").count() == 5
    rounds = Round.objects.filter(name__contains="data uji 9")
    assert rounds.count() == 3
    quick_wins = Initiative.objects.filter(round__in=rounds)
    assert quick_wins.count() == 80
    current = rounds.order_by("-year").first()
    assert set(quick_wins.filter(round=current).values_list("status", flat=True)) == set(Status)
    weights = quick_wins.annotate(total=Sum("milestones__weight")).values_list("total", flat=True)
    assert set(weights) == {100}
    assert Milestone.objects.filter(initiative__in=quick_wins).count() == 400
    assert ProgressReport.objects.filter(initiative__in=quick_wins).exists()
    submitted = Review.objects.filter(status="submitted", assignment__initiative__in=quick_wins)
    assert submitted.exists()
    assert not submitted.filter(total_score__isnull=True).exists()
    assert not Review.objects.filter(
        assignment__initiative__status__in=[Status.DRAFT, Status.SUBMITTED]
    ).exists()


@pytest.mark.django_db
def test_it_refuses_to_run_the_same_seed_twice():
    call_command("generate_data", agencies=1, initiatives=3, seed=4)
    with pytest.raises(CommandError):
        call_command("generate_data", agencies=1, initiatives=3, seed=4)


@pytest.mark.django_db
def test_it_seeds_demo_data_once():
    from accounts.demo import seed_users
    from dashboard import demo

    seed_users()
    users = User.objects.count()
    assert demo.seed(initiatives=30) == 30
    rounds = Round.objects.filter(name__endswith="· demo dasbor").count()
    assert demo.seed(initiatives=30) == 0
    assert Round.objects.filter(name__endswith="· demo dasbor").count() == rounds == 3
    assert not Agency.objects.filter(code__startswith="gen2027-").exists()
    assert User.objects.count() == users
