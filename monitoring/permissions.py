"""Who may do what in implementation monitoring (rules predicates).

Views and services ask `user.has_perm("monitoring.<perm>", initiative)`; templates
`{% has_perm %}`. Workflow actions (complete, cancel, evaluate, send back) are the quick
win's own permissions in `initiatives/permissions.py`.
"""

import rules

from accounts.permissions import is_bureau_admin
from core.workflow import IMPLEMENTING_STATUSES, MONITORED_STATUSES
from initiatives.permissions import is_own_agency_member, status_in

rules.add_perm(
    "monitoring.report_progress", is_own_agency_member & status_in(IMPLEMENTING_STATUSES)
)
rules.add_perm("monitoring.mark_milestone", is_own_agency_member & status_in(IMPLEMENTING_STATUSES))
rules.add_perm("monitoring.verify_milestone", is_bureau_admin & status_in(MONITORED_STATUSES))
rules.add_perm("monitoring.monitor", is_bureau_admin)
