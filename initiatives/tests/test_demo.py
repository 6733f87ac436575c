"""The demo data: an open round and a dozen quick wins across statuses; re-running changes nothing."""

from io import StringIO

from django.core.management import call_command

from core.workflow import Status
from initiatives.models import Indicator, Initiative, Milestone, Round, StatusChange


def _snapshot():
    return (
        Round.objects.count(),
        sorted(Initiative.objects.values_list("title", "status")),
        Indicator.objects.count(),
        Milestone.objects.count(),
        StatusChange.objects.count(),
    )


def test_it_seeds_an_open_round_with_a_dozen_quick_wins(db):
    call_command("seed_demo", stdout=StringIO())

    round_ = Round.objects.current()
    assert round_.is_submission_open()
    assert Initiative.objects.filter(round=round_).count() == 12
    statuses = set(Initiative.objects.values_list("status", flat=True))
    assert {Status.DRAFT, Status.SUBMITTED, Status.REVISION, Status.APPROVED} <= statuses
    codes = set(Initiative.objects.values_list("agency__code", flat=True))
    assert {"diskominfo", "dinkes"} <= codes
    # The quick wins of the open round went through transition(); the dashboard's earlier
    # demo round is bulk-generated.
    for initiative in Initiative.objects.filter(round=round_).exclude(status=Status.DRAFT):
        trail = list(initiative.status_changes.order_by("created_at", "id"))
        assert trail[0].from_status == Status.DRAFT
        assert trail[-1].to_status == initiative.status


def test_it_changes_nothing_when_run_again(db):
    call_command("seed_demo", stdout=StringIO())
    first = _snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert _snapshot() == first
