from django import template
from django.utils.html import format_html

from quickwin import formatting
from quickwin.predicates import predicate as predicate_of

register = template.Library()

register.filter("rupiah", formatting.rupiah)
register.filter("score", formatting.score_with_predicate)
register.filter("one_decimal", formatting.one_decimal)
register.filter("days_until", formatting.days_until_text)
register.filter("predicate", predicate_of)


@register.simple_tag
def status_badge(obj):
    """A status badge: one colour per status, always with its label."""
    return format_html(
        '<span class="badge qw-status-{}" data-status="{}">{}</span>',
        obj.status,
        obj.status,
        obj.get_status_display(),
    )


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
