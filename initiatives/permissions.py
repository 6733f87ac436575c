"""Who may do what to a quick win: role predicates (accounts) combined with state.

Views call `user.has_perm("initiatives.<perm>", initiative)`; templates `{% has_perm %}`.
The transition service checks `ACTION_PERMISSIONS[action]` before any status change.
"""

import rules

from accounts.permissions import (
    belongs_to_object_agency,
    is_agency_member,
    is_bureau_admin,
    is_leadership,
    is_reviewer,
)
from core.workflow import EDITABLE_STATUSES, Action


def status_in(statuses):
    """A predicate: the quick win's status is one of `statuses` (a status group)."""
    statuses = frozenset(statuses)

    @rules.predicate(name=f"status_in_{'_'.join(sorted(statuses))}")
    def predicate(user, initiative):
        return initiative is not None and initiative.status in statuses

    return predicate


@rules.predicate
def is_editable(user, initiative):
    return initiative is not None and initiative.status in EDITABLE_STATUSES


is_own_agency_member = is_agency_member & belongs_to_object_agency
is_reader = is_reviewer | is_bureau_admin | is_leadership | is_own_agency_member

rules.add_perm("initiatives.view_initiative", is_reader)
rules.add_perm("initiatives.create_initiative", is_agency_member)
rules.add_perm("initiatives.change_initiative", is_own_agency_member & is_editable)
rules.add_perm(
    "initiatives.comment_initiative", is_own_agency_member | is_bureau_admin | is_reviewer
)
rules.add_perm("initiatives.view_agency_list", is_agency_member)
rules.add_perm("initiatives.view_all_list", is_reviewer | is_bureau_admin | is_leadership)
rules.add_perm("initiatives.manage_rounds", is_bureau_admin)
rules.add_perm("initiatives.view_evidence", is_reader)
rules.add_perm("initiatives.delete_evidence", is_own_agency_member & is_editable)

# Who may perform each workflow action (state is checked by the allowed map).
ACTION_PERMISSIONS = {
    Action.SUBMIT: is_own_agency_member,
    Action.WITHDRAW: is_own_agency_member,
    Action.RESUBMIT: is_own_agency_member,
    Action.ASSIGN: is_bureau_admin,
    Action.REQUEST_REVISION: is_bureau_admin,
    Action.APPROVE: is_bureau_admin,
    Action.REJECT: is_bureau_admin,
    Action.START: is_own_agency_member | is_bureau_admin,
    Action.COMPLETE: is_own_agency_member,
    Action.SEND_BACK: is_bureau_admin,
    Action.EVALUATE: is_bureau_admin,
    Action.CANCEL: is_bureau_admin,
}
for _action, _predicate in ACTION_PERMISSIONS.items():
    rules.add_perm(f"initiatives.{_action.value}_initiative", _predicate)
