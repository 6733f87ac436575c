from django.dispatch import Signal

# Sent after commit when the bureau sends a done milestone back. kwargs: milestone, actor, reason.
milestone_sent_back = Signal()
# Sent inside the transaction when a service changes a milestone with QuerySet.update()
# (which sends no post_save): complete, verify, send back. kwargs: initiative_id.
milestone_changed = Signal()
