"""The sweep twice writes nothing new; its query count does not grow with the objects."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import Milestone
from reminders import services, sweep
from reminders.models import Delivery, Notification

from .conftest import D, assign, day, make_initiative


def _populate(round_2027, agency, operator, bureau_admin, reviewers, count):
    """`count` overdue/upcoming milestones, review assignments and quick wins in revision."""
    running = make_initiative(
        round_2027,
        agency,
        "in_progress",
        created_by=operator,
        start_date=datetime.date(2027, 1, 1),
        end_date=datetime.date(2027, 6, 30),
    )
    Milestone.objects.bulk_create(
        Milestone(initiative=running, title=f"Tahap {i}", due_date=day(-10 + i % 20), weight=1)
        for i in range(count)
    )
    for i in range(min(count, 20)):
        reviewing = make_initiative(round_2027, agency, "in_review", created_by=operator)
        assign(reviewing, reviewers[i % len(reviewers)], bureau_admin, due_date=day(-(i % 9)))


@pytest.mark.django_db
def test_it_writes_the_same_rows_when_the_sweep_runs_twice(
    round_2027, agency, operator, colleague, bureau_admin, reviewer
):
    _populate(round_2027, agency, operator, bureau_admin, [reviewer], 20)
    services.run_sweep(today=D)
    first = sorted(Notification.objects.values_list("id", "kind", "recipient_id", "step"))
    deliveries = Delivery.objects.count()
    assert first and deliveries == len(first)

    services.run_sweep(today=D)
    assert sorted(Notification.objects.values_list("id", "kind", "recipient_id", "step")) == first
    assert Delivery.objects.count() == deliveries


def _queries(fn):
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_it_sweeps_in_a_fixed_number_of_queries(
    count,
    round_2027,
    agency,
    operator,
    colleague,
    bureau_admin,
    reviewer,
    second_reviewer,
    django_assert_num_queries,
):
    _populate(round_2027, agency, operator, bureau_admin, [reviewer, second_reviewer], count)
    sweep.collect(D)  # warm the content-type cache, as in a long-running worker
    # the rounds (report periods), one INSERT … SELECT per kind (6), one for the outbox,
    # + savepoint and release (the notifications and their outbox rows in one transaction)
    with django_assert_num_queries(10):
        services.run_sweep(today=D)
    assert Notification.objects.filter(kind="milestone_due").count() >= count


@pytest.mark.django_db
def test_finding_what_is_due_costs_the_same_for_10_and_200_milestones(
    round_2027, agency, operator, colleague, bureau_admin, reviewer, second_reviewer
):
    _populate(round_2027, agency, operator, bureau_admin, [reviewer, second_reviewer], 10)
    sweep.collect(D)
    at_10 = _queries(lambda: sweep.collect(D))
    _populate(round_2027, agency, operator, bureau_admin, [reviewer, second_reviewer], 190)
    found = []
    at_200 = _queries(lambda: found.extend(sweep.collect(D)))
    assert at_10 == at_200 == 7  # the rounds, one SELECT per kind
    assert len(found) > 200


def _first_and_second_run(day_):
    """(queries, rows written) of a first and a second sweep of `day_`."""
    first, second = {}, {}
    first["queries"] = _queries(lambda: first.update(rows=services.run_sweep(today=day_)))
    second["queries"] = _queries(lambda: second.update(rows=services.run_sweep(today=day_)))
    return first, second


@pytest.mark.django_db
def test_the_first_and_the_second_sweep_cost_the_same_queries_for_10_and_200_milestones(
    round_2027, agency, operator, colleague, bureau_admin, reviewer, second_reviewer
):
    _populate(round_2027, agency, operator, bureau_admin, [reviewer, second_reviewer], 10)
    sweep.collect(day(-1))  # warm the content-type cache
    first_10, second_10 = _first_and_second_run(day(-1))
    Notification.objects.all().delete()
    _populate(round_2027, agency, operator, bureau_admin, [reviewer, second_reviewer], 190)
    first_200, second_200 = _first_and_second_run(day(-1))
    assert first_10["queries"] == second_10["queries"] == 10
    assert first_200["queries"] == second_200["queries"] == 10
    assert first_200["rows"] > first_10["rows"] > 0
    assert second_10["rows"] == second_200["rows"] == 0
