"""Every model of ours is in Django admin; only users and agencies can be changed there.

Everything else changes through the services (their checks, audit trail and signals), so the
admin shows it read-only, and each registered page opens for a superuser.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

OUR_APPS = {"accounts", "initiatives", "evaluations", "monitoring", "reminders", "dashboard"}
EDITABLE = {"accounts.user", "accounts.agency"}


def _our_models():
    return [m for m in apps.get_models() if m._meta.app_label in OUR_APPS]


def test_every_model_of_ours_is_registered():
    missing = [m._meta.label for m in _our_models() if not admin.site.is_registered(m)]
    assert not missing, missing


def test_only_users_and_agencies_can_be_changed_in_the_admin(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    writable = sorted(
        m._meta.label_lower
        for m in _our_models()
        if admin.site._registry[m].has_change_permission(request)
        or admin.site._registry[m].has_add_permission(request)
    )
    assert writable == sorted(EDITABLE)


@pytest.mark.django_db
def test_each_admin_list_opens(admin_client):
    for model in _our_models():
        meta = model._meta
        response = admin_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        assert response.status_code == 200, meta.label
