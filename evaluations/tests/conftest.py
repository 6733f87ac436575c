import pytest
from django.urls import NoReverseMatch, reverse


@pytest.fixture(autouse=True)
def _quick_win_detail_url(settings):
    """Our pages link to `initiatives:detail`; stand in for it until the proposals UI is merged."""
    try:
        reverse("initiatives:detail", args=[1])
    except NoReverseMatch:
        settings.ROOT_URLCONF = "evaluations.tests.urls_with_detail_stub"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Many users are created per test; a fast hasher keeps the suite quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
