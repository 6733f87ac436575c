"""Who may see what in reminders. Everyone sees only their own notifications (the loader
filters by recipient); the delivery log is for bureau admins."""

import rules

from accounts.permissions import is_bureau_admin

rules.add_perm("reminders.view_notifications", rules.is_authenticated)
rules.add_perm("reminders.view_delivery_log", is_bureau_admin)
