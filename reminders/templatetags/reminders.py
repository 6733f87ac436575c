from django import template

from reminders import selectors

register = template.Library()


@register.simple_tag
def unread_notification_count(user):
    """One COUNT query; only the bell (logged-in users) calls it."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return selectors.unread_count(user)
