import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from core.workflow import Status
from initiatives.extensions import detail_panels

from ..panels import progress_chart
from .monitoring_helpers import running_initiative


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


MONITORING_PANELS = {"monitoring_milestones", "monitoring_progress", "achievement"}


@pytest.mark.parametrize(
    ("status", "keys"),
    [
        (Status.DRAFT, []),
        (Status.IN_PROGRESS, ["monitoring_milestones", "monitoring_progress"]),
        (Status.COMPLETED, ["monitoring_milestones", "monitoring_progress", "achievement"]),
    ],
)
def test_the_detail_page_gets_monitoring_panels_by_status(agency, operator, status, keys):
    initiative = running_initiative(agency=agency, status=status)
    shown = [
        (panel, context)
        for panel, context in detail_panels(_request(operator), initiative)
        if panel.key in MONITORING_PANELS
    ]
    assert [panel.key for panel, _context in shown] == keys
    for panel, context in shown:
        assert render_to_string(panel.template, context, _request(operator))


def test_the_panels_load_in_a_fixed_number_of_queries(
    agency, bureau_admin, django_assert_max_num_queries
):
    initiative = running_initiative(
        agency=agency, status=Status.IN_PROGRESS, weights=(10,) * 10, offsets=range(10)
    )
    request = _request(bureau_admin)
    # At most 5 for the monitoring panels (progress, milestones, reports, their files) + 3
    # for the review panel registered by evaluations (assignments with reviews, scores,
    # decisions); 6 here (no report or review, so no files or scores to fetch).
    with django_assert_max_num_queries(8):
        shown = detail_panels(request, initiative)
        for panel, context in shown:
            render_to_string(panel.template, context, request)


def test_the_chart_draws_planned_and_done_steps(agency):
    initiative = running_initiative(agency=agency, status=Status.IN_PROGRESS)
    milestones = list(initiative.milestones.all())
    milestones[0].completed_on = milestones[0].due_date
    chart = progress_chart(
        initiative, milestones, [], initiative.start_date + datetime.timedelta(days=60)
    )
    assert chart["done_total"] == 50
    assert len(chart["planned"].split()) == 6  # start, two steps of two points, end
    assert chart["today_x"] is not None


def test_each_milestone_and_report_gets_its_own_files_from_the_pages_evidence(
    agency, operator, django_assert_num_queries
):
    """Given the detail page's prefetched evidence, the panels pick each milestone's and
    report's files from it (no query) and get what their own relation holds."""
    import datetime as dt

    from initiatives.models import EvidenceKind, Initiative
    from initiatives.services import evidence_attach

    from ..models import ProgressReport
    from ..selectors import monitoring_detail
    from .monitoring_helpers import pdf

    initiative = running_initiative(
        agency=agency, status=Status.IN_PROGRESS, weights=(40, 30, 30), offsets=(5, 20, 200)
    )
    first, second, _third = initiative.milestones.order_by("due_date")
    start = initiative.round.implementation_start
    reports = [
        ProgressReport.objects.create(
            initiative=initiative,
            period_start=start + dt.timedelta(days=31 * n),
            period_end=start + dt.timedelta(days=31 * n + 27),
            due_date=start + dt.timedelta(days=31 * n + 40),
            percent_complete=10 * n,
            achievements="x",
            submitted_by=operator,
        )
        for n in range(2)
    ]
    for target, kind in (
        ({"milestone": first}, EvidenceKind.MILESTONE),
        ({"milestone": first}, EvidenceKind.MILESTONE),
        ({"milestone": second}, EvidenceKind.MILESTONE),
        ({}, EvidenceKind.REPORT),
        ({}, EvidenceKind.PROPOSAL),
    ):
        stored = evidence_attach(
            initiative=initiative, uploaded_file=pdf(), by=operator, kind=kind, **target
        )
        if kind == EvidenceKind.REPORT:
            reports[1].evidence.add(stored)

    loaded = Initiative.objects.for_detail().with_progress().get(pk=initiative.pk)
    with django_assert_num_queries(0):
        detail = monitoring_detail(loaded)
    plain = monitoring_detail(initiative)  # without the prefetch: its own queries
    for rows in ("milestones", "reports"):
        assert [r.pk for r in detail[rows]] == [r.pk for r in plain[rows]]
        for row, same in zip(detail[rows], plain[rows], strict=True):
            own = list(row.evidence.order_by("uploaded_at", "id"))
            assert row.evidence_files == own == same.evidence_files
    assert [len(m.evidence_files) for m in detail["milestones"]] == [2, 1, 0]
    assert sorted(len(r.evidence_files) for r in detail["reports"]) == [0, 1]
