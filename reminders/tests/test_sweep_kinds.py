"""Each kind fires on its day (WITA), not the day before or after, and escalates on its days."""

import datetime

import pytest
from django.utils import timezone

from accounts.tests.factories import OperatorFactory
from core.workflow import Status
from monitoring.models import ProgressReport
from reminders import services
from reminders.kinds import Kind
from reminders.management.commands.send_reminders import parse_today
from reminders.models import Notification
from reminders.sweep import _report_periods

from .conftest import D, assign, day, keys, make_initiative, submit_review, sweep_days, wita


@pytest.mark.django_db
def test_it_reminds_milestones_7_and_1_days_before_then_escalates_on_its_days(
    milestone, operator, colleague, bureau_admin
):
    created = sweep_days(-9, 10, Kind.MILESTONE_DUE)
    fired = {offset: keys(rows) for offset, rows in created.items() if rows}
    op, head, admin = operator.pk, colleague.pk, bureau_admin.pk
    assert fired == {
        -7: {(op, 7, 0)},
        -1: {(op, 1, 0)},
        1: {(op, 0, 0)},  # overdue from the day after the due date: operators only
        4: {(op, 0, 1), (head, 0, 1)},  # more than first_grace_days (3): + agency head
        8: {(op, 0, 2), (head, 0, 2), (admin, 0, 2)},  # more than 7: + bureau admins
    }


@pytest.mark.django_db
def test_it_uses_the_rounds_own_grace_days(milestone, operator, colleague, bureau_admin):
    round_ = milestone.initiative.round
    round_.first_grace_days, round_.second_grace_days = 1, 2
    round_.save()
    created = sweep_days(1, 4, Kind.MILESTONE_DUE)
    assert {o: {n.step for n in rows} for o, rows in created.items() if rows} == {
        1: {0},
        2: {1},
        3: {2},
    }


@pytest.mark.django_db
def test_it_stops_reminding_about_a_done_milestone(milestone):
    milestone.completed_on = day(-2)
    milestone.save()
    assert not any(sweep_days(-8, 9, Kind.MILESTONE_DUE).values())


@pytest.mark.django_db
def test_it_reminds_only_for_quick_wins_in_implementation(milestone):
    type(milestone.initiative).objects.filter(pk=milestone.initiative_id).update(
        status=Status.CANCELLED
    )
    assert not any(sweep_days(-8, 9, Kind.MILESTONE_DUE).values())


@pytest.mark.django_db
def test_it_reminds_reviewers_3_and_1_days_before_and_when_overdue(
    in_review, reviewer, bureau_admin
):
    assign(in_review, reviewer, bureau_admin)
    created = sweep_days(-4, 9, Kind.REVIEW_DUE)
    fired = {offset: keys(rows) for offset, rows in created.items() if rows}
    r, admin = reviewer.pk, bureau_admin.pk
    assert fired == {
        -3: {(r, 3, 0)},
        -1: {(r, 1, 0)},
        1: {(r, 0, 0)},
        4: {(r, 0, 1)},  # the bureau has no agency head in this test: the reviewer again
        8: {(r, 0, 2), (admin, 0, 2)},
    }


@pytest.mark.django_db
def test_it_does_not_remind_about_a_submitted_review_or_an_old_cycle(
    in_review, reviewer, second_reviewer, bureau_admin
):
    submit_review(assign(in_review, reviewer, bureau_admin), wita(day(-5)))
    assign(in_review, second_reviewer, bureau_admin, cycle=1)
    assign(in_review, reviewer, bureau_admin, cycle=2, due_date=day(30))
    # The cycle-1 assignment of second_reviewer is stale once cycle 2 started.
    created = sweep_days(-3, 2, Kind.REVIEW_DUE)
    assert not any(created.values())


@pytest.mark.django_db
def test_it_warns_agencies_with_nothing_submitted_7_3_and_1_days_before_closing(
    round_2027, agency, operator, colleague, other_agency, outsider
):
    make_initiative(round_2027, other_agency, Status.SUBMITTED, created_by=outsider)
    draft_only_agency_user = OperatorFactory()
    make_initiative(
        round_2027, draft_only_agency_user.agency, Status.DRAFT, created_by=draft_only_agency_user
    )
    closes = round_2027.submission_closes
    fired = {}
    for back in range(9, -2, -1):
        before = Notification.objects.count()
        services.run_sweep(today=closes - datetime.timedelta(days=back))
        if Notification.objects.count() != before:
            fired[back] = set(
                Notification.objects.order_by("id").values_list("recipient_id", "lead_days")[
                    before:
                ]
            )
    assert set(fired) == {7, 3, 1}
    people = {operator.pk, colleague.pk, draft_only_agency_user.pk}
    for back, rows in fired.items():
        assert {recipient for recipient, _ in rows} == people  # not the outsider's agency
        assert {lead for _, lead in rows} == {back}
    assert set(Notification.objects.values_list("kind", flat=True)) == {Kind.ROUND_CLOSING}


@pytest.mark.django_db
def test_it_nudges_a_revision_after_more_than_3_days_at_the_wita_day_boundary(
    round_2027, agency, operator, colleague, outsider
):
    late_evening = make_initiative(round_2027, agency, Status.REVISION, created_by=operator)
    midnight = make_initiative(round_2027, agency, Status.REVISION, created_by=operator)
    type(late_evening).objects.filter(pk=late_evening.pk).update(decided_at=wita(D, 23, 59))
    type(midnight).objects.filter(pk=midnight.pk).update(decided_at=wita(day(1), 0, 0))
    created = sweep_days(0, 6, Kind.REVISION_WAITING)
    fired = {
        o: {(n.object_id, n.recipient_id) for n in rows} for o, rows in created.items() if rows
    }
    assert fired == {
        4: {(late_evening.pk, operator.pk), (late_evening.pk, colleague.pk)},
        5: {(midnight.pk, operator.pk), (midnight.pk, colleague.pk)},
    }


@pytest.mark.django_db
def test_it_reminds_a_monthly_report_3_days_before_and_when_missing(
    running, operator, colleague, bureau_admin
):
    # January's report is due on 10 February (report_due_day 10).
    jan_due = datetime.date(2027, 2, 10)
    created = {}
    for offset in range(-4, 2):
        before = Notification.objects.count()
        services.run_sweep(today=jan_due + datetime.timedelta(days=offset))
        created[offset] = set(
            Notification.objects.order_by("id").values_list("due_date", "lead_days", "step")[
                before:
            ]
        )
    assert {o: rows for o, rows in created.items() if rows} == {
        -3: {(jan_due, 3, 0)},
        1: {(jan_due, 0, 0)},
    }
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {operator.pk}


@pytest.mark.django_db
def test_it_does_not_remind_about_a_filed_report(running, operator):
    ProgressReport.objects.create(
        initiative=running,
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 1, 31),
        due_date=datetime.date(2027, 2, 10),
        percent_complete=20,
        achievements="Aplikasi diuji.",
        submitted_by=operator,
    )
    for offset in (-3, 1, 5):
        services.run_sweep(today=datetime.date(2027, 2, 10) + datetime.timedelta(days=offset))
    assert not Notification.objects.filter(kind=Kind.REPORT_DUE).exists()


def test_report_periods_are_calendar_months_or_quarters_due_the_next_month(round_2027):
    months = _report_periods(round_2027)
    assert len(months) == 12
    assert months[0] == (
        datetime.date(2027, 1, 1),
        datetime.date(2027, 1, 31),
        datetime.date(2027, 2, 10),
    )
    assert months[-1][2] == datetime.date(2028, 1, 10)
    round_2027.report_cadence = "quarterly"
    quarters = _report_periods(round_2027)
    assert [q[2] for q in quarters] == [
        datetime.date(2027, 4, 10),
        datetime.date(2027, 7, 10),
        datetime.date(2027, 10, 10),
        datetime.date(2028, 1, 10),
    ]


@pytest.mark.django_db
def test_it_tells_the_bureau_when_all_reviews_of_the_cycle_are_in(
    in_review, reviewer, second_reviewer, bureau_admin
):
    first = assign(in_review, reviewer, bureau_admin, due_date=day(5))
    second = assign(in_review, second_reviewer, bureau_admin, due_date=day(5))
    submit_review(first, wita(day(-2), 9))
    services.run_sweep(today=D)
    assert not Notification.objects.filter(kind=Kind.DECISION_WAITING).exists()

    submit_review(second, wita(day(-1), 23, 59))
    services.run_sweep(today=D)
    services.run_sweep(today=day(1))
    waiting = Notification.objects.filter(kind=Kind.DECISION_WAITING)
    assert [(n.recipient_id, n.due_date) for n in waiting] == [(bureau_admin.pk, day(-1))]


@pytest.mark.django_db
def test_the_notification_text_is_indonesian_with_the_date(milestone, operator):
    services.run_sweep(today=day(-7))
    notification = Notification.objects.get(kind=Kind.MILESTONE_DUE)
    assert notification.title == f"Tonggak “{milestone.title}” segera jatuh tempo"
    assert "10 Mar 2027" in notification.body
    assert notification.link


def test_now_is_read_as_a_wita_date_at_both_sides_of_midnight():
    assert parse_today("2027-03-10T23:59:00+08:00") == D
    assert parse_today("2027-03-10T15:59:00+00:00") == D  # 23:59 WITA
    assert parse_today("2027-03-10T16:00:00+00:00") == day(1)  # 00:00 WITA
    assert parse_today("2027-03-10") == D
    assert parse_today(None) == timezone.localdate()
