from django.dispatch import Signal

# Sent after the transaction that changed a quick win's status has committed.
# kwargs: initiative, status_change, action, actor. Higher apps (reminders) listen.
initiative_transitioned = Signal()
# Sent after commit when the bureau sends a done milestone back. kwargs: milestone, actor, reason.
milestone_sent_back = Signal()
# Sent inside the transaction when a service changes a milestone with QuerySet.update()
# (which sends no post_save): complete, verify, send back. kwargs: initiative_id.
milestone_changed = Signal()
