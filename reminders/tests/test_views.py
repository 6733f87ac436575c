"""The bell, the notification list, read marks, email settings and the delivery log."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from reminders import services
from reminders.kinds import Kind
from reminders.models import Delivery, DeliveryStatus, Notification, NotificationPreference

from .conftest import day


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def notified(milestone, operator):
    """The operator's reminders from a few sweep days."""
    for offset in (-7, -1, 1):
        services.run_sweep(today=day(offset))
    return Notification.objects.filter(recipient=operator)


@pytest.mark.django_db
def test_the_bell_shows_the_unread_count(client, notified, operator):
    login(client, operator)
    response = client.get(reverse("reminders:list"))
    assert response.status_code == 200
    unread = notified.filter(read_at__isnull=True).count()
    assert f'data-testid="unread-count">{unread}<' in response.text
    assert "Notifikasi" in response.text


@pytest.mark.django_db
def test_anonymous_pages_do_not_count_notifications(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "notification-bell" not in response.text
    assert not any("reminders_notification" in q["sql"] for q in captured)


@pytest.mark.django_db
def test_the_list_shows_only_my_notifications_newest_first(client, notified, operator, colleague):
    login(client, colleague)
    response = client.get(reverse("reminders:list"))
    mine = Notification.objects.filter(recipient=colleague).count()
    assert response.text.count('data-testid="notification"') == mine
    login(client, operator)
    response = client.get(reverse("reminders:list"))
    titles = [n.title for n in notified.order_by("-created_at", "-id")]
    positions = [response.text.index(t) for t in titles[:2]]
    assert positions == sorted(positions)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_the_list_runs_a_fixed_number_of_queries(
    count, client, operator, milestone, django_assert_max_num_queries
):
    services.run_sweep(today=day(-7))
    Notification.objects.filter(recipient=operator).delete()
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(type(milestone))
    Notification.objects.bulk_create(
        Notification(
            recipient=operator,
            kind=Kind.MILESTONE_DUE,
            content_type=ct,
            object_id=i,
            due_date=day(0),
            title=f"Pengingat {i}",
        )
        for i in range(count)
    )
    login(client, operator)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("reminders:list"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_marking_one_and_all_read(client, notified, operator):
    login(client, operator)
    first, *rest = list(notified)
    response = client.post(reverse("reminders:read", args=[first.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    client.post(reverse("reminders:read_all"))
    assert not notified.filter(read_at__isnull=True).exists()


@pytest.mark.django_db
def test_someone_elses_notification_is_not_found(client, notified, outsider):
    login(client, outsider)
    other = notified.first()
    assert client.post(reverse("reminders:read", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


@pytest.mark.django_db
def test_opening_a_notification_marks_it_read_and_follows_its_link(client, notified, operator):
    login(client, operator)
    target = notified.first()
    response = client.post(reverse("reminders:read", args=[target.pk]), {"open": "1"})
    assert response.status_code == 302 and response.url == target.link


@pytest.mark.django_db
def test_the_settings_page_mutes_email_per_kind(client, operator):
    login(client, operator)
    page = client.get(reverse("reminders:settings"))
    assert page.status_code == 200 and "Kirimi saya email untuk" in page.text
    keep = [k for k in Kind.values if k != Kind.MILESTONE_DUE]
    response = client.post(reverse("reminders:settings"), {"email_kinds": keep})
    assert response.status_code == 302
    assert list(
        NotificationPreference.objects.filter(user=operator, email_muted=True).values_list(
            "kind", flat=True
        )
    ) == [Kind.MILESTONE_DUE]
    page = client.get(reverse("reminders:settings"))
    assert f'value="{Kind.MILESTONE_DUE}"' in page.text


@pytest.mark.django_db
def test_a_bad_kind_is_refused_with_a_message(client, operator):
    login(client, operator)
    response = client.post(reverse("reminders:settings"), {"email_kinds": ["nope"]})
    assert response.status_code == 200
    assert not NotificationPreference.objects.exists()
    assert "alert-danger" in response.text


@pytest.mark.django_db
def test_the_delivery_log_is_for_bureau_admins(client, notified, operator, bureau_admin):
    Delivery.objects.filter(pk=Delivery.objects.first().pk).update(
        status=DeliveryStatus.FAILED, attempts=6, last_error="SMTPServerDisconnected: boom"
    )
    login(client, operator)
    assert client.get(reverse("reminders:delivery_log")).status_code == 403
    login(client, bureau_admin)
    response = client.get(reverse("reminders:delivery_log"))
    assert response.status_code == 200
    assert "SMTPServerDisconnected: boom" in response.text
    assert "Log pengiriman email" in response.text
