"""Every monitoring URL answers 404 to another agency's user (ids leak nothing)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import PASSWORD
from core import calendar
from core.workflow import Status

from .. import services
from .monitoring_helpers import running_initiative


@pytest.fixture
def objects(agency, operator):
    initiative = running_initiative(agency=agency, status=Status.IN_PROGRESS)
    report = services.report_submit(
        initiative=initiative,
        period=calendar.open_periods(initiative, timezone.localdate())[0],
        by=operator,
        percent_complete=10,
        achievements="x",
    )
    return {"initiative": initiative, "milestone": initiative.milestones.first(), "report": report}


def _urls(objects):
    i, m, r = objects["initiative"].pk, objects["milestone"].pk, objects["report"].pk
    round_pk = objects["initiative"].round_id
    return [
        ("monitoring:initiative", i),
        ("monitoring:report_new", i),
        ("monitoring:completion", i),
        ("monitoring:cancel", i),
        ("monitoring:milestone_done", m),
        ("monitoring:milestone_verify", m),
        ("monitoring:milestone_send_back", m),
        ("monitoring:report_edit", r),
        ("monitoring:report_read", r),
        ("monitoring:board", round_pk),
        ("monitoring:import", round_pk),
        ("monitoring:import_template", round_pk),
        ("monitoring:import_confirm", round_pk),
        ("monitoring:achievement_evaluate", i),
        ("monitoring:completion_send_back", i),
    ]


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_outsider_gets_404_everywhere(client, outsider, objects, method):
    client.login(username=outsider.username, password=PASSWORD)
    for name, pk in _urls(objects):
        response = getattr(client, method)(reverse(name, args=[pk]))
        assert response.status_code in (404, 405), name
        if response.status_code == 405:
            assert method == "get"
    objects["milestone"].refresh_from_db()
    assert not objects["milestone"].is_done


def test_an_anonymous_visitor_is_sent_to_login(client, objects):
    for name, pk in _urls(objects):
        response = client.get(reverse(name, args=[pk]))
        assert response.status_code in (302, 405), name


def test_the_owner_and_the_bureau_can_open_the_monitoring_page(
    client, operator, colleague, bureau_admin, leader, objects
):
    url = reverse("monitoring:initiative", args=[objects["initiative"].pk])
    for user in (operator, colleague, bureau_admin, leader):
        client.login(username=user.username, password=PASSWORD)
        assert client.get(url).status_code == 200
