"""Shared fixtures: an owner / same-agency colleague / outsider trio plus the bureau roles."""

import pytest

from accounts.tests.factories import (
    AgencyFactory,
    BureauAdminFactory,
    HeadFactory,
    LeaderFactory,
    OperatorFactory,
    ReviewerFactory,
)
from initiatives.tests.factories import RoundFactory, complete_initiative


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    """Tasks run eagerly in tests even when REDIS_URL is set (CI); the worker tests opt out."""
    from quickwin.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = eager


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Users are created by the dozen; the real hasher would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def reference_data(request):
    """Agencies and change areas exist in every database test.

    Migrations load them, but transactional tests (live server, worker, concurrency) end
    with a flush that empties every table; the next test loads them back here. Costs one
    query when they are present.
    """
    if not (
        DB_FIXTURES & set(request.fixturenames) or request.node.get_closest_marker("django_db")
    ):
        return
    request.getfixturevalue("_django_db_helper")
    from accounts.models import Agency
    from accounts.reference_data import load_agencies
    from initiatives.models import ChangeArea
    from initiatives.reference_data import load_change_areas

    if not Agency.objects.filter(code="biro-organisasi").exists():
        load_agencies(Agency)
        load_change_areas(ChangeArea)


@pytest.fixture
def agency(db):
    return AgencyFactory()


@pytest.fixture
def other_agency(db):
    return AgencyFactory()


@pytest.fixture
def operator(agency):
    return OperatorFactory(agency=agency)


@pytest.fixture
def colleague(agency):
    """The agency head of the operator's agency."""
    return HeadFactory(agency=agency)


@pytest.fixture
def outsider(other_agency):
    return OperatorFactory(agency=other_agency)


@pytest.fixture
def reviewer(db):
    return ReviewerFactory()


@pytest.fixture
def second_reviewer(db):
    return ReviewerFactory()


@pytest.fixture
def bureau_admin(db):
    return BureauAdminFactory()


@pytest.fixture
def leader(db):
    return LeaderFactory()


@pytest.fixture
def open_round(db):
    return RoundFactory()


@pytest.fixture
def draft(open_round, agency, operator):
    """A complete draft quick win of the operator's agency in the open round."""
    return complete_initiative(round=open_round, agency=agency, created_by=operator)
