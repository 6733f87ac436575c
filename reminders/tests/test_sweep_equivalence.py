"""The SQL sweep finds the same notifications, word for word, as the Python sweep it replaced
(reference_sweep.py): every kind, every escalation step, plural forms, special characters,
long titles, people with several roles, inactive people and agencies — in Indonesian and in
English, day after day around the due dates."""

import collections
import datetime

import pytest
from django.db import connection
from django.utils import translation

from accounts.tests.factories import (
    AgencyFactory,
    BureauAdminFactory,
    HeadFactory,
    OperatorFactory,
    UserFactory,
)
from core.workflow import Status
from initiatives.models import Milestone
from initiatives.tests.factories import MilestoneFactory, RoundFactory
from monitoring.models import ProgressReport
from reminders import services, sweep, texts
from reminders.models import Notification

from . import reference_sweep
from .conftest import D, assign, day, make_initiative, submit_review, wita

FIELDS = (*sweep.COLUMNS,)
ODD = "Tahap “1” — 100% selesai 'kutip' \\ %(x)s {y} %s"


def _rows(notifications):
    return collections.Counter(tuple(getattr(n, f) for f in FIELDS) for n in notifications)


def _everything(round_2027, agency, operator, colleague, bureau_admin, reviewer):
    """One of each situation the sweep distinguishes."""
    # People: a second operator who is also head; an inactive operator; an admin who is also
    # an operator of `agency`; an agency without a head; an inactive agency whose operator is
    # also a bureau admin (still reached, as before) and one who is not (not reached).
    OperatorFactory(agency=agency, is_agency_head=True)
    OperatorFactory(agency=agency, is_active=False)
    BureauAdminFactory(agency=agency, is_agency_operator=True)
    BureauAdminFactory(is_active=False)
    headless = AgencyFactory()
    OperatorFactory(agency=headless)
    closed = AgencyFactory(is_active=False)
    OperatorFactory(agency=closed)
    OperatorFactory(agency=closed, is_bureau_admin=True)
    reviewer_agency = AgencyFactory(abbreviation="")  # its name is shown
    far_reviewer = UserFactory(agency=reviewer_agency, is_reviewer=True)
    HeadFactory(agency=reviewer_agency)
    HeadFactory(agency=reviewer_agency, is_active=False)
    # A round with other grace days, quarterly reports, a late report day.
    quick = RoundFactory(
        year=2027,
        submission_opens=datetime.date(2026, 10, 1),
        submission_closes=datetime.date(2026, 11, 30),
        review_deadline=datetime.date(2026, 12, 31),
        implementation_start=datetime.date(2026, 12, 1),
        implementation_end=datetime.date(2027, 11, 30),
        report_cadence="quarterly",
        report_due_day=28,
        first_grace_days=1,
        second_grace_days=2,
        min_reviews_for_decision=2,
    )
    long_title = "Layanan " + "sangat panjang " * 16 + "ujung"  # 255 characters
    for round_, owner in ((round_2027, agency), (quick, headless), (round_2027, closed)):
        running = make_initiative(
            round_,
            owner,
            Status.IN_PROGRESS,
            created_by=operator,
            title=ODD if owner == agency else long_title[:255],
            start_date=datetime.date(2027, 1, 15),
            end_date=datetime.date(2027, 5, 20),
        )
        Milestone.objects.bulk_create(
            Milestone(
                initiative=running,
                title=(ODD if i % 3 == 0 else f"Tahap {i}") if i % 7 else "Tonggak " + "x" * 247,
                due_date=day(offset),
                weight=1,
                completed_on=day(-30) if i % 11 == 5 else None,
            )
            for i, offset in enumerate(range(-20, 12))
        )
        ProgressReport.objects.create(
            initiative=running,
            period_start=datetime.date(2027, 1, 1),
            period_end=datetime.date(2027, 1, 31),
            due_date=datetime.date(2027, 2, 10),
            percent_complete=10,
            achievements="Mulai.",
            submitted_by=operator,
        )
        ProgressReport.objects.create(  # not a period start: still counts for its month
            initiative=running,
            period_start=datetime.date(2027, 2, 15),
            period_end=datetime.date(2027, 2, 28),
            due_date=datetime.date(2027, 3, 10),
            percent_complete=20,
            achievements="Separuh.",
            submitted_by=operator,
        )
    approved = make_initiative(round_2027, agency, Status.APPROVED, created_by=operator)
    MilestoneFactory(initiative=approved, due_date=day(-2), title="Disetujui")
    cancelled = make_initiative(round_2027, agency, Status.CANCELLED, created_by=operator)
    MilestoneFactory(initiative=cancelled, due_date=day(-2))
    # Reviews: open ones due around D in the current cycle, a submitted one, an old cycle,
    # a reviewer from another agency (its head is reached at step 1), decisions waiting.
    for i in range(12):
        reviewing = make_initiative(
            round_2027 if i % 2 else quick,
            agency,
            Status.IN_REVIEW,
            created_by=operator,
            title=long_title if i == 3 else f"Reviu {i} ‘{ODD}’",
        )
        who = far_reviewer if i % 3 == 0 else reviewer
        first = assign(reviewing, who, bureau_admin, due_date=day(-12 + 2 * i))
        if i % 4 == 1:
            submit_review(first, wita(day(-1 - i), 23, 30))
            if i == 5:
                second = assign(reviewing, far_reviewer, bureau_admin, due_date=day(3))
                submit_review(second, wita(day(-2), 0, 5))
        if i % 5 == 2:
            assign(reviewing, reviewer, bureau_admin, cycle=2, due_date=day(-4 + i))
    # Revisions requested at WITA day boundaries.
    for i, moment in enumerate((wita(day(-6), 23, 59), wita(day(-5)), wita(day(-3), 12))):
        revising = make_initiative(
            round_2027, agency if i else headless, Status.REVISION, created_by=operator
        )
        type(revising).objects.filter(pk=revising.pk).update(decided_at=moment)
    # A round whose submission closes soon: agencies with and without a submission.
    closing = RoundFactory(
        year=2028,
        name=f"Putaran “2028” {ODD}",
        submission_opens=day(-30),
        submission_closes=day(5),
        review_deadline=day(30),
        implementation_start=day(40),
        implementation_end=day(400),
    )
    make_initiative(closing, headless, Status.SUBMITTED, created_by=operator)
    make_initiative(closing, agency, Status.DRAFT, created_by=operator)


def _days():
    return [day(offset) for offset in (-8, -7, -5, -4, -2, -1, 0, 1, 2, 3, 4, 6, 8, 9, 12)] + [
        datetime.date(2027, 2, 7),  # January report due in 3 days
        datetime.date(2027, 2, 11),
        datetime.date(2027, 3, 25),  # quarterly round: Dec–Feb due 28 Mar
        datetime.date(2027, 3, 29),
        datetime.date(2027, 4, 2),
        datetime.date(2027, 6, 20),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_sql_sweep_finds_what_the_python_sweep_found_word_for_word(
    language, settings, round_2027, agency, operator, colleague, bureau_admin, reviewer
):
    settings.LANGUAGE_CODE = language
    _everything(round_2027, agency, operator, colleague, bureau_admin, reviewer)
    kinds, steps, leads = set(), set(), set()
    for today in _days():
        expected = _rows(reference_sweep.collect(today))
        found = _rows(sweep.collect(today))
        assert found == expected, today
        kinds |= {row[1] for row in expected}
        steps |= {row[6] for row in expected}
        leads |= {row[5] for row in expected}
    assert kinds == {
        "round_closing",
        "revision_waiting",
        "review_due",
        "milestone_due",
        "report_due",
        "decision_waiting",
    }
    assert steps == {0, 1, 2} and leads == {0, 1, 3, 7}


@pytest.mark.django_db
def test_what_the_sweep_writes_is_what_the_python_sweep_proposed_first_once_each(
    round_2027, agency, operator, colleague, bureau_admin, reviewer
):
    _everything(round_2027, agency, operator, colleague, bureau_admin, reviewer)
    first_proposed = {}  # key → the row as first proposed (a later day's text differs)
    for today in _days():
        for row in _rows(reference_sweep.collect(today)):
            first_proposed.setdefault(row[:7], row)
        services.run_sweep(today=today)
    written = _rows(Notification.objects.all())
    assert max(written.values()) == 1
    assert set(written) == set(first_proposed.values())


@pytest.mark.django_db
def test_the_long_titles_are_cut_to_300_characters_like_before(in_review, bureau_admin, reviewer):
    type(in_review).objects.filter(pk=in_review.pk).update(title="Panjang " * 31 + "akhir12")
    submit_review(assign(in_review, reviewer, bureau_admin), wita(day(-1), 9))
    services.run_sweep(today=D)
    (waiting,) = Notification.objects.filter(kind="decision_waiting")
    (before,) = reference_sweep.collect(D)
    assert len(waiting.title) == 300 and waiting.title == before.title
    assert waiting.body == before.body == f"Perangkat Daerah: {in_review.agency.abbreviation}."


@pytest.mark.django_db
def test_a_rerun_after_a_partial_sweep_writes_the_rest_once_with_their_emails(
    round_2027, agency, operator, colleague, bureau_admin, reviewer
):
    """What a sweep leaves when it is killed is nothing (one transaction); what other writers
    leave (an immediate notification, an older sweep) is not written again, and only the new
    rows get an email."""
    _everything(round_2027, agency, operator, colleague, bureau_admin, reviewer)
    proposed = reference_sweep.collect(D)
    some = proposed[::3]
    services.write_notifications(some)
    before = set(Notification.objects.values_list("id", flat=True))
    emails_before = set(
        Notification.objects.filter(delivery__isnull=False).values_list("id", flat=True)
    )
    written = services.run_sweep(today=D)
    assert written == len(proposed) - len(some)
    rows = _rows(Notification.objects.all())
    assert rows == _rows(proposed)
    emailed = Notification.objects.filter(delivery__isnull=False)
    assert set(emailed.filter(id__in=emails_before).values_list("id", flat=True)) == emails_before
    new_with_email = Notification.objects.exclude(id__in=before).exclude(recipient__email="")
    assert emailed.count() == len(emails_before) + new_with_email.count()
    assert services.run_sweep(today=D) == 0


@pytest.mark.django_db
def test_it_queues_emails_only_for_people_with_an_address_who_did_not_mute_the_kind(
    milestone, operator, colleague, bureau_admin
):
    colleague.email = ""
    colleague.save()
    services.set_email_mutes(user=bureau_admin, muted_kinds={"milestone_due"})
    services.run_sweep(today=day(8))  # step 2: operator, head (no address), admin (muted)
    milestone_due = Notification.objects.filter(kind="milestone_due")
    emailed = milestone_due.filter(delivery__isnull=False)
    assert milestone_due.count() == 3
    assert list(emailed.values_list("recipient_id", "delivery__to_email")) == [
        (operator.pk, operator.email)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_sql_date_label_is_the_python_one_for_every_month(language, settings):
    settings.LANGUAGE_CODE = language
    dialect = sweep.Dialect(connection)
    for month in range(1, 13):
        date = datetime.date(2027, month, 3 if month % 2 else 28)
        label = dialect.day_label(dialect.date(date))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {label.text}", label.params)
            (value,) = cursor.fetchone()
        with translation.override(language):
            assert value == texts._day(date)
