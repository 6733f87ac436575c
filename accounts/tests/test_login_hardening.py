"""Login hardening: throttled failures (per account and per address), sessions that end
after inactivity, and every session ended when the password changes."""

import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from accounts.tests.factories import PASSWORD

from ..sessions import RENEWED_KEY


def _try(client, username, password="salah-sekali", ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_it_is_configured_for_five_failures_and_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert datetime.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AUTHENTICATION_BACKENDS[0] == "accounts.backends.LoginThrottleBackend"


def test_it_blocks_an_account_after_five_failures_even_from_new_addresses(client, operator):
    for attempt in range(4):
        assert _try(client, operator.username, ip=f"10.0.1.{attempt}").status_code == 200
    assert _try(client, operator.username, ip="10.0.1.9").status_code == 429  # the fifth
    # The right password from yet another address: still refused for the cool-off.
    response = _try(client, operator.username, PASSWORD, ip="10.0.2.1")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Login diblokir sementara" in html
    assert "15 menit" in html
    assert "_auth_user_id" not in client.session


def test_it_blocks_an_address_that_tries_many_accounts(client, operator, colleague, reviewer):
    for attempt in range(5):
        _try(client, f"tebakan{attempt}", ip="10.9.9.9")
    response = _try(client, operator.username, PASSWORD, ip="10.9.9.9")
    assert response.status_code == 429
    # Another address still logs the same account in.
    assert _try(client, operator.username, PASSWORD, ip="10.0.0.2").status_code == 302


def test_it_lets_the_right_password_in_before_the_limit_and_forgets_failures(client, operator):
    for _attempt in range(4):
        _try(client, operator.username)
    assert _try(client, operator.username, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username=operator.username).exists()


def test_it_unblocks_after_the_cool_off(client, operator):
    for _attempt in range(5):
        _try(client, operator.username)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=16)
    )
    assert _try(client, operator.username, PASSWORD).status_code == 302


def test_it_renews_a_used_session_at_most_once_a_minute(client, operator):
    from django.contrib.sessions.models import Session

    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    client.force_login(operator)
    first_expiry = Session.objects.get().expire_date
    response = client.get(reverse("initiatives:todo"))
    assert "sessionid" not in response.cookies  # renewed less than a minute ago: no write
    session = client.session
    session[RENEWED_KEY] -= 61
    session.save()
    Session.objects.update(expire_date=first_expiry - datetime.timedelta(hours=7))
    response = client.get(reverse("initiatives:todo"))
    assert response.cookies["sessionid"]["max-age"] == 8 * 60 * 60
    renewed = Session.objects.get().expire_date
    assert renewed > first_expiry - datetime.timedelta(seconds=5)


def test_it_logs_out_an_idle_session(client, operator, settings):
    from django.contrib.sessions.models import Session

    client.force_login(operator)
    Session.objects.update(expire_date=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
    response = client.get(reverse("initiatives:todo"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_logs_out_other_sessions_when_the_password_changes(client, operator):
    """Django's default: a session remembers a hash of the password it was opened with."""
    client.force_login(operator)
    assert client.get(reverse("initiatives:todo")).status_code == 200
    operator.set_password("kata-sandi-baru-yang-panjang")
    operator.save()
    response = client.get(reverse("initiatives:todo"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
