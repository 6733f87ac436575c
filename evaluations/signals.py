from django.dispatch import Signal

reviewer_assigned = Signal()
review_submitted = Signal()
