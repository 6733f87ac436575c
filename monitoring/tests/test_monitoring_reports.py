import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import PASSWORD
from core import calendar
from core.workflow import Status
from initiatives.models import StatusChange
from initiatives.tests.factories import InitiativeFactory

from .. import services
from ..models import ProgressReport
from .monitoring_helpers import fixed_round, pdf, running_initiative

UTC = datetime.UTC


@pytest.fixture
def round_2027(db):
    return fixed_round()


@pytest.fixture
def approved(round_2027, agency):
    return running_initiative(round=round_2027, agency=agency)


def _period(initiative, month):
    return next(p for p in calendar.initiative_periods(initiative) if p.start.month == month)


def _submit(initiative, by, month=2, pct=20, now=None, **kwargs):
    now = now or datetime.datetime(2027, 3, 5, 2, 0, tzinfo=UTC)
    return services.report_submit(
        initiative=initiative,
        period=_period(initiative, month),
        by=by,
        percent_complete=pct,
        achievements="Rapat koordinasi",
        now=now,
        **kwargs,
    )


def test_the_first_report_starts_implementation(approved, operator):
    report = _submit(approved, operator, files=[pdf()])
    approved.refresh_from_db()
    assert approved.status == Status.IN_PROGRESS
    assert StatusChange.objects.filter(initiative=approved, action="start").count() == 1
    assert report.evidence.count() == 1
    assert (report.period_start, report.due_date) == (
        datetime.date(2027, 2, 1),
        datetime.date(2027, 3, 10),
    )
    assert not report.is_late
    _submit(approved, operator, month=3, pct=40, now=datetime.datetime(2027, 4, 2, tzinfo=UTC))
    assert StatusChange.objects.filter(initiative=approved, action="start").count() == 1


def test_the_database_refuses_a_second_report_for_a_period(approved, operator):
    report = _submit(approved, operator)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReport.objects.create(
            initiative=approved,
            period_start=report.period_start,
            period_end=report.period_end,
            due_date=report.due_date,
            percent_complete=30,
            achievements="dua kali",
            submitted_by=operator,
        )


def test_the_service_turns_a_duplicate_into_a_message(approved, operator):
    _submit(approved, operator)
    with pytest.raises(ValidationError) as error:
        _submit(approved, operator, pct=25)
    assert "period" in error.value.error_dict
    assert ProgressReport.objects.filter(initiative=approved).count() == 1


@pytest.mark.parametrize("pct", [-1, 101, None])
def test_it_refuses_a_percent_outside_0_to_100(approved, operator, pct):
    with pytest.raises(ValidationError) as error:
        _submit(approved, operator, pct=pct)
    assert "percent_complete" in error.value.error_dict
    assert not ProgressReport.objects.exists()


def test_a_drop_needs_an_explanation(approved, operator):
    _submit(approved, operator, month=2, pct=40)
    later = datetime.datetime(2027, 4, 2, tzinfo=UTC)
    with pytest.raises(ValidationError) as error:
        _submit(approved, operator, month=3, pct=30, now=later)
    assert "decrease_explanation" in error.value.error_dict
    report = _submit(
        approved, operator, month=3, pct=30, now=later, decrease_explanation="Anggaran digeser"
    )
    assert report.percent_complete == 30


@pytest.mark.parametrize(
    ("now", "late"),
    [
        (datetime.datetime(2027, 3, 10, 15, 59, tzinfo=UTC), False),  # 23:59 WITA on the due date
        (datetime.datetime(2027, 3, 10, 16, 0, tzinfo=UTC), True),  # 00:00 WITA the day after
    ],
)
def test_late_means_after_the_end_of_the_due_day_in_wita(approved, operator, now, late):
    assert _submit(approved, operator, now=now).is_late is late


def test_it_refuses_a_report_for_a_quick_win_not_approved(round_2027, agency, operator):
    draft = running_initiative(round=round_2027, agency=agency, status=Status.DRAFT)
    with pytest.raises(PermissionDenied):
        _submit(draft, operator)


def test_it_refuses_a_period_that_has_not_started(approved, operator):
    with pytest.raises(ValidationError) as error:
        _submit(approved, operator, month=6)
    assert "period" in error.value.error_dict


def test_editable_until_read_or_due(approved, operator, bureau_admin):
    report = _submit(approved, operator)
    assert services.report_is_editable(report, today=report.due_date)
    assert not services.report_is_editable(
        report, today=report.due_date + datetime.timedelta(days=1)
    )
    services.report_mark_read(report=report, by=bureau_admin)
    assert not services.report_is_editable(report, today=report.due_date)
    with pytest.raises(ValidationError):
        services.report_update(report=report, by=operator, percent_complete=50, achievements="x")


def test_only_the_bureau_marks_read(approved, operator):
    report = _submit(approved, operator)
    with pytest.raises(PermissionDenied):
        services.report_mark_read(report=report, by=operator)


@pytest.fixture
def approved_now(agency):
    """An approved quick win whose round started 30 days ago (real today)."""
    return running_initiative(agency=agency)


def test_the_report_view_submits_and_keeps_bad_input(client, approved_now, operator):
    client.login(username=operator.username, password=PASSWORD)
    url = reverse("monitoring:report_new", args=[approved_now.pk])
    page = client.get(url)
    assert page.status_code == 200
    period_key = page.context["form"].fields["period"].choices[0][0]
    bad = client.post(
        url, {"period": period_key, "percent_complete": "abc", "achievements": "Pelatihan"}
    )
    assert bad.status_code == 200
    assert "Pelatihan" in bad.content.decode()
    assert bad.context["form"].errors["percent_complete"]
    good = client.post(
        url,
        {
            "period": period_key,
            "percent_complete": "35",
            "achievements": "Pelatihan",
            "files": [pdf()],
        },
    )
    assert good.status_code == 302
    approved_now.refresh_from_db()
    assert approved_now.status == Status.IN_PROGRESS
    report = approved_now.progress_reports.get()
    edit = client.post(
        reverse("monitoring:report_edit", args=[report.pk]),
        {"percent_complete": "40", "achievements": "Pelatihan tahap 2"},
    )
    assert edit.status_code == 302
    report.refresh_from_db()
    assert report.percent_complete == 40


def test_the_monitoring_page_shows_panels_and_chart(client, approved_now, operator):
    services.report_submit(
        initiative=approved_now,
        period=calendar.open_periods(approved_now, timezone.localdate())[0],
        by=operator,
        percent_complete=10,
        achievements="Awal",
    )
    client.login(username=operator.username, password=PASSWORD)
    response = client.get(reverse("monitoring:initiative", args=[approved_now.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="milestone-timeline"' in body
    assert 'data-testid="progress-chart"' in body
    assert 'data-testid="report-history"' in body
    assert "10%" in body
    # SVG coordinates must not be localised ("220,0" would break the chart in Indonesian)
    assert not re.search(r'(x|y|x1|y1|cx|cy)="\d+,\d', body)


def test_the_timeline_provider_lists_reports_and_milestone_events(approved, operator, bureau_admin):
    from initiatives.extensions import timeline_events_from_other_apps

    _submit(approved, operator)
    milestone = approved.milestones.first()
    services.milestone_mark_done(
        milestone=milestone,
        by=operator,
        completed_on=datetime.date(2027, 2, 20),
        note="x",
        files=[pdf()],
        today=datetime.date(2027, 3, 1),
    )
    services.milestone_send_back(milestone=milestone, by=bureau_admin, reason="Kurang")
    kinds = sorted(e.kind for e in timeline_events_from_other_apps(approved, operator))
    assert kinds == ["milestone", "report"]


def test_a_draft_has_no_monitoring_panels(client, operator, agency):
    draft = InitiativeFactory(agency=agency)
    client.login(username=operator.username, password=PASSWORD)
    response = client.get(reverse("monitoring:initiative", args=[draft.pk]))
    assert 'data-testid="milestone-timeline"' not in response.content.decode()
