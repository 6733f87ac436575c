from django.dispatch import Signal

# Sent after the transaction that changed a quick win's status has committed.
# kwargs: initiative, status_change, action, actor. Higher apps (reminders) listen.
initiative_transitioned = Signal()
