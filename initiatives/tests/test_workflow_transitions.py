"""Every (status, action) pair: allowed ones move the quick win, all others are refused.
And every (action, role) pair in a state where the action applies."""

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import close_old_connections, connection

from core.workflow import TRANSITIONS, Action, Status
from initiatives.models import Initiative, StatusChange
from initiatives.permissions import ACTION_PERMISSIONS
from initiatives.services import WorkflowError, transition

from .helpers import set_status

BUREAU_ACTIONS = {
    Action.ASSIGN,
    Action.REQUEST_REVISION,
    Action.APPROVE,
    Action.REJECT,
    Action.SEND_BACK,
    Action.EVALUATE,
    Action.CANCEL,
}


def _actor(action, operator, bureau_admin):
    return bureau_admin if action in BUREAU_ACTIONS else operator


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("status", list(Status))
def test_it_applies_exactly_the_allowed_map(draft, operator, bureau_admin, status, action):
    set_status(draft, status)
    rule = TRANSITIONS[action]
    by = _actor(action, operator, bureau_admin)

    if status in rule.sources:
        change = transition(initiative=draft, action=action, by=by, note="Catatan uji")
        draft.refresh_from_db()
        assert draft.status == rule.target
        assert (change.from_status, change.to_status, change.actor) == (status, rule.target, by)
    else:
        with pytest.raises(WorkflowError):
            transition(initiative=draft, action=action, by=by, note="Catatan uji")
        draft.refresh_from_db()
        assert draft.status == status
        assert not StatusChange.objects.filter(initiative=draft).exists()


ROLES = ["operator", "colleague", "outsider", "reviewer", "bureau_admin", "leader"]
AGENCY_ROLES = {"operator", "colleague"}
EXPECTED_ROLES = {
    Action.SUBMIT: AGENCY_ROLES,
    Action.WITHDRAW: AGENCY_ROLES,
    Action.RESUBMIT: AGENCY_ROLES,
    Action.COMPLETE: AGENCY_ROLES,
    Action.START: AGENCY_ROLES | {"bureau_admin"},
    **{action: {"bureau_admin"} for action in BUREAU_ACTIONS},
}


def test_it_has_a_role_rule_for_every_action():
    assert set(EXPECTED_ROLES) == set(Action) == set(ACTION_PERMISSIONS)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(Action))
def test_it_lets_only_the_right_roles_act(request, draft, action, role):
    source = sorted(TRANSITIONS[action].sources)[0]
    set_status(draft, source)
    user = request.getfixturevalue(role)

    if role in EXPECTED_ROLES[action]:
        transition(initiative=draft, action=action, by=user, note="Catatan uji")
        draft.refresh_from_db()
        assert draft.status == TRANSITIONS[action].target
    else:
        with pytest.raises(PermissionDenied):
            transition(initiative=draft, action=action, by=user, note="Catatan uji")
        draft.refresh_from_db()
        assert draft.status == source


def test_it_refuses_a_second_submit_from_a_stale_copy(draft, operator):
    stale = Initiative.objects.get(pk=draft.pk)
    transition(initiative=draft, action=Action.SUBMIT, by=operator)

    with pytest.raises(WorkflowError) as refused:
        transition(initiative=stale, action=Action.SUBMIT, by=operator)

    assert "Diajukan" in str(refused.value) or "Submitted" in str(refused.value)
    assert StatusChange.objects.filter(initiative=draft, action=Action.SUBMIT).count() == 1


def test_it_requires_a_note_for_a_revision_request(draft, bureau_admin):
    set_status(draft, Status.IN_REVIEW)
    with pytest.raises(WorkflowError):
        transition(initiative=draft, action=Action.REQUEST_REVISION, by=bureau_admin, note=" ")
    draft.refresh_from_db()
    assert draft.status == Status.IN_REVIEW


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_it_lets_only_one_of_two_parallel_submits_win(draft, operator):
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        close_old_connections()
        try:
            barrier.wait()
            transition(
                initiative=Initiative.objects.get(pk=draft.pk), action=Action.SUBMIT, by=operator
            )
            outcomes.append("ok")
        except WorkflowError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["ok", "refused"]
    assert StatusChange.objects.filter(initiative=draft).count() == 1
