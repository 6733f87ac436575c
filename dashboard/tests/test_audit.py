"""The audit trail: who changed what and when, for bureau admins only, never editable."""

import datetime

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import AuditEntry, User
from evaluations.services import replace_criteria, rubric_for_round
from initiatives.forms import RoundForm
from initiatives.services import round_save
from quickwin.tests.conftest import build_world


def _change_round(round_, by, **changes):
    data = {**model_to_dict(round_, fields=RoundForm.Meta.fields), **changes}
    form = RoundForm(data=data, instance=round_)
    assert form.is_valid(), form.errors
    return round_save(form=form, by=by)


def test_it_records_round_date_changes_with_before_and_after(bureau_admin, open_round):
    old_close = open_round.submission_closes
    new_close = old_close + datetime.timedelta(days=5)
    _change_round(open_round, bureau_admin, submission_closes=new_close)
    entry = AuditEntry.objects.get(action="round_edited")
    assert entry.actor == bureau_admin
    assert entry.before == {"submission_closes": old_close.isoformat()}
    assert entry.after == {"submission_closes": new_close.isoformat()}


def test_it_records_nothing_when_a_round_is_saved_unchanged(bureau_admin, open_round):
    _change_round(open_round, bureau_admin)
    assert not AuditEntry.objects.exists()


def test_it_records_rubric_changes(bureau_admin, open_round):
    rubric = rubric_for_round(open_round)
    replace_criteria(rubric=rubric, rows=[{"name": "Dampak", "weight": 100}], by=bureau_admin)
    entry = AuditEntry.objects.get(action="rubric_changed")
    assert entry.actor == bureau_admin
    assert entry.after["criteria"] == [{"name": "Dampak", "weight": 100, "guidance": ""}]
    assert len(entry.before["criteria"]) > 1


def test_it_records_role_changes_made_in_the_admin(bureau_admin, operator):
    request = RequestFactory().post("/admin/")
    request.user = bureau_admin
    model_admin = admin.site._registry[User]
    operator.is_reviewer = True
    model_admin.save_model(request, operator, form=None, change=True)
    entry = AuditEntry.objects.get(action="user_roles")
    assert entry.actor == bureau_admin
    assert (entry.before, entry.after) == ({"is_reviewer": False}, {"is_reviewer": True})


def test_it_never_lets_an_entry_be_changed_or_deleted(bureau_admin, open_round):
    _change_round(open_round, bureau_admin, name="Periode baru")
    entry = AuditEntry.objects.get()
    entry.object_repr = "dipalsukan"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    model_admin = admin.site._registry[AuditEntry]
    request = RequestFactory().get("/admin/")
    request.user = bureau_admin
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)


def test_it_shows_every_kind_of_change_to_bureau_admins_only(client, db):
    users, objects = build_world()
    admin_user = users["admin"]
    _change_round(objects["round"], admin_user, name="Periode diubah")
    client.force_login(admin_user)
    response = client.get(reverse("dashboard:audit"))
    assert response.status_code == 200
    kinds = {event.kind for event in response.context["events"]}
    assert {"status", "decision", "review", "round_edited"} <= kinds
    html = response.content.decode()
    assert "Periode diubah" in html and objects["initiative"].title in html
    for role in ("operator", "head", "outsider", "reviewer", "leader"):
        client.force_login(users[role])
        assert client.get(reverse("dashboard:audit")).status_code == 403


@pytest.mark.parametrize("worlds", [1, 4])
def test_it_reads_the_trail_in_a_fixed_number_of_queries(
    client, db, worlds, django_assert_max_num_queries
):
    for _ in range(worlds):
        users, _objects = build_world()
    client.force_login(users["admin"])
    with django_assert_max_num_queries(10):
        assert client.get(reverse("dashboard:audit")).status_code == 200
