"""Fixtures for the proposal tests."""

import pytest
from django.test import Client

from accounts.tests.factories import PASSWORD


@pytest.fixture
def login():
    """login(user) -> a test client logged in as that user."""

    def _login(user):
        client = Client()
        assert client.login(username=user.username, password=PASSWORD)
        return client

    return _login


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories set a password for every user; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
