"""Who may see the dashboard pages (rules predicates, used by views and templates).

Decision: the whole-round dashboard, the control room and the exports answer 403 to anyone
who is not leadership / bureau admin (a whole page, no object id to leak). The agency
scorecard is an object page: an agency head asking for another agency gets 404, like every
other object in the house (see `selectors.scorecard_agency_or_404`).
"""

import rules

from accounts.permissions import (
    belongs_to_object_agency,
    is_agency_head,
    is_bureau_admin,
    is_leadership,
)

is_dashboard_reader = is_leadership | is_bureau_admin

rules.add_perm("dashboard.view_dashboard", is_dashboard_reader)
rules.add_perm("dashboard.export_dashboard", is_dashboard_reader)
rules.add_perm("dashboard.view_control_room", is_bureau_admin)
rules.add_perm(
    "dashboard.view_scorecard", is_dashboard_reader | (is_agency_head & belongs_to_object_agency)
)
rules.add_perm("dashboard.view_audit", is_bureau_admin)
