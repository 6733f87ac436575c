from django import template
from django.utils.html import format_html

from core import formatting
from core.bands import band_of
from core.health import HEALTH_ICONS, Health

register = template.Library()

register.filter("rupiah", formatting.rupiah)
register.filter("score", formatting.score_with_band)
register.filter("one_decimal", formatting.one_decimal)
register.filter("days_until", formatting.days_until_text)
register.filter("band", band_of)


_STATUS_LABELS = {}  # status field -> {value: (lazy) label}


def _status_label(obj):
    """obj.get_status_display() without its cost: that builds a dict of every choice and
    hashes each lazy label, i.e. translates all eleven statuses for every badge (a list
    page of 20 rows did 220 translations). Here one label is translated per badge."""
    meta = getattr(obj, "_meta", None)
    if meta is None:  # not a model instance
        return obj.get_status_display()
    field = meta.get_field("status")
    labels = _STATUS_LABELS.get(field)
    if labels is None:
        labels = _STATUS_LABELS[field] = {str(value): label for value, label in field.flatchoices}
    return labels.get(str(obj.status), obj.status)


@register.simple_tag
def status_badge(obj):
    """A status badge: one colour per status, always with its label."""
    return format_html(
        '<span class="badge qw-status-{}" data-status="{}">{}</span>',
        obj.status,
        obj.status,
        _status_label(obj),
    )


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def health_badge(health):
    """The health badge: colour, icon and word (never colour alone); nothing without health."""
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
