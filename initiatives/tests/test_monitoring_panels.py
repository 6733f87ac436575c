import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from initiatives.extensions import detail_panels
from initiatives.monitoring_panels import progress_chart
from initiatives.tests.monitoring_helpers import running_initiative
from initiatives.workflow import Status


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
    # 6 for the monitoring panels + 3 for the review panel registered by evaluations.
    with django_assert_max_num_queries(9):
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
