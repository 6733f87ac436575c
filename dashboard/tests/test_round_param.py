"""A bad `round` parameter shows the current round with a message, never a 500."""

import pytest
from django.urls import reverse

from initiatives.models import Round


@pytest.mark.parametrize("value", ["abc", "999999", "-1", "1e9", "99999999999999999999999"])
def test_it_falls_back_to_the_current_round(client, known_round, leader, value):
    client.force_login(leader)
    response = client.get(reverse("dashboard:index"), {"round": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert Round.objects.current().name in html
    assert "alert-warning" in html


@pytest.mark.parametrize("name", ["dashboard:export_xlsx", "dashboard:briefing"])
def test_it_falls_back_on_exports_too(client, known_round, leader, name):
    client.force_login(leader)
    response = client.get(reverse(name), {"round": "nope"})
    assert response.status_code == 200


def test_it_handles_bad_sort_and_page(client, known_round, leader):
    client.force_login(leader)
    response = client.get(
        reverse("dashboard:index"),
        {"round": known_round["round"].pk, "sort": "drop table", "page": "x"},
    )
    assert response.status_code == 200
    response = client.get(reverse("dashboard:index"), {"page": "999"})
    assert response.status_code == 200


def test_it_says_what_to_do_when_there_is_no_round(client, leader, db):
    Round.objects.all().delete()
    client.force_login(leader)
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    assert 'data-testid="headline"' not in response.content.decode()


def test_it_sends_an_export_without_any_round_back_to_the_dashboard(client, leader, db):
    Round.objects.all().delete()
    client.force_login(leader)
    response = client.get(reverse("dashboard:export_xlsx"))
    assert response.status_code == 302 and response["Location"] == reverse("dashboard:index")
