"""Signals other apps (reminders) listen to; all are sent after the transaction commits."""

from django.dispatch import Signal

# kwargs: assignment. Sent once per new assignment (by hand, distributed, or a new cycle).
reviewer_assigned = Signal()

# kwargs: review. Sent when a reviewer submits (locks) a review.
review_submitted = Signal()
