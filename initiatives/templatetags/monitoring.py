"""Template tags of implementation monitoring: the health badge and the agency's due items."""

from django import template
from django.utils.html import format_html

from initiatives.health import Health
from initiatives.monitoring import agency_due_items as select_agency_due_items

register = template.Library()

# An icon as well as a colour: health is never told by colour alone.
HEALTH_ICONS = {Health.ON_TRACK: "✔", Health.AT_RISK: "⚠", Health.OFF_TRACK: "✖"}


@register.simple_tag
def health_badge(health):
    if not health:
        return ""
    health = Health(health)
    return format_html(
        '<span class="badge qw-health-{}" data-health="{}"><span aria-hidden="true">{}</span> {}</span>',
        health.value,
        health.value,
        HEALTH_ICONS[health],
        health.label,
    )


@register.inclusion_tag("initiatives/monitoring/_todo_due.html")
def agency_due_items(user):
    """Reports due, milestones due in 14 days and overdue items of the user's agency (3 queries)."""
    return {"due": select_agency_due_items(user), "user": user}
