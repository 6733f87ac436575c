import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD


def test_login_page_is_in_indonesian(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'lang="id"' in response.text
    assert "Masuk" in response.text
    assert "Nama pengguna" in response.text


def test_wrong_password_shows_an_indonesian_error_and_keeps_username(client, operator):
    response = client.post(reverse("login"), {"username": operator.username, "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.text
    assert f'value="{operator.username}"' in response.text


def test_empty_login_form_says_what_is_missing(client, db):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assert response.status_code == 200
    assert "Bidang ini tidak boleh kosong" in response.text


@pytest.mark.parametrize(
    "role_fixture", ["operator", "colleague", "reviewer", "bureau_admin", "leader"]
)
def test_every_role_logs_in_and_lands_on_a_page(client, request, role_fixture):
    user = request.getfixturevalue(role_fixture)
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert response.wsgi_request.user == user
    assert str(user) in response.text


def test_only_bureau_admins_see_the_administration_link(client, operator, bureau_admin):
    client.force_login(operator)
    assert "/admin/" not in client.get(reverse("profile")).text
    client.force_login(bureau_admin)
    assert "/admin/" in client.get(reverse("profile")).text


def test_language_switch_shows_english_labels(client, operator):
    client.force_login(operator)
    client.post(reverse("set_language"), {"language": "en", "next": reverse("profile")})
    response = client.get(reverse("profile"))
    assert "Log out" in response.text
    assert 'lang="en"' in response.text


def test_logout_returns_to_login(client, operator):
    client.force_login(operator)
    response = client.post(reverse("logout"), follow=True)
    assert response.wsgi_request.user.is_anonymous
    assert response.redirect_chain[-1][0] == reverse("login")


def test_anonymous_home_redirects_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_english_browser_still_gets_indonesian_until_the_user_switches(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="id"' in response.text
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="id")
    assert 'lang="en"' in response.text


def test_an_unknown_language_cookie_falls_back_to_indonesian(client, db):
    client.cookies["django_language"] = "xx"
    assert 'lang="id"' in client.get(reverse("login")).text
