"""Every figure and chart segment links to the list behind it, with the right filters."""

from urllib.parse import parse_qs, urlsplit

from django.urls import reverse
from django.utils import timezone

from core.workflow import Status
from dashboard import links, pages


def query(url):
    return parse_qs(urlsplit(url).query)


def test_it_falls_back_to_a_hash_for_pages_not_merged_yet():
    assert links.url_or_hash("nowhere:list", round=1) == "#"


def test_it_repeats_a_parameter_for_several_statuses(link_urls):
    url = links.initiative_list(round=3, status=["approved", "in_progress"], agency=None)
    assert urlsplit(url).path == reverse("initiatives:list")
    assert query(url) == {"round": ["3"], "status": ["approved", "in_progress"]}


def test_it_links_headline_figures_to_filtered_lists(link_urls, known_round):
    round_id = known_round["round"].pk
    urls = pages.headline_links(round_id)

    assert query(urls["approved"]) == {
        "round": [str(round_id)],
        "status": ["approved", "in_progress", "completed", "evaluated"],
    }
    assert query(urls["completed"])["status"] == ["completed", "evaluated"]
    assert Status.DRAFT.value not in query(urls["proposed"])["status"]
    assert Status.WITHDRAWN.value not in query(urls["proposed"])["status"]
    assert urlsplit(urls["off_track"]).path == reverse("monitoring:board", args=[round_id])
    assert query(urls["off_track"]) == {"health": ["off_track"]}
    assert query(urls["overdue"]) == {"attention": ["overdue"]}
    assert urlsplit(urls["mean_score"]).path == reverse("evaluations:board", args=[round_id])


def test_it_links_rows_cells_and_segments_on_the_page(client, link_urls, known_round, leader):
    client.force_login(leader)
    round_ = known_round["round"]
    html = client.get(reverse("dashboard:index"), {"round": round_.pk}).content.decode()
    agency_a = known_round["a"].pk
    area_1 = known_round["on_track"].change_area_id

    # the agency row's "approved" cell, the heat-map cell and an area-chart segment
    approved_of_a = links.initiative_list(
        round=round_.pk, agency=agency_a, status=pages.APPROVED
    ).replace("&", "&amp;")
    heat_cell = links.initiative_list(
        round=round_.pk, agency=agency_a, change_area=area_1, status=pages.PROPOSED
    ).replace("&", "&amp;")
    segment = links.initiative_list(
        round=round_.pk, change_area=area_1, status=["in_progress"]
    ).replace("&", "&amp;")
    assert f'href="{approved_of_a}"' in html
    assert f'href="{heat_cell}"' in html
    assert f'href="{segment}"' in html
    assert f'href="{reverse("dashboard:agency", args=[agency_a])}"' in html


def test_it_links_control_room_counts_to_the_list_per_status(link_urls, known_round):
    data = pages.control_room(known_round["round"], timezone.localdate())
    by_status = {status.value: (count, url) for status, count, url in data["counts"]}
    count, url = by_status["in_review"]
    assert count == 1
    assert query(url) == {"round": [str(known_round["round"].pk)], "status": ["in_review"]}
