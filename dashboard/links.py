"""Links to other apps' pages, built by URL name so this app never imports their views.

Until the other branches are merged a name may not exist yet: the link is then "#".
Filters are GET parameters; a list of values repeats the parameter (`status=a&status=b`).
"""

import functools
from urllib.parse import urlencode

from django.urls import NoReverseMatch, get_script_prefix, reverse


@functools.lru_cache(maxsize=4096)
def _reversed(name, args, _prefix):
    """A pure function of the URL configuration (and the script prefix, part of the key):
    the dashboard links every agency row and heat-map cell, ~900 links a page, and
    `reverse()` costs ~0.1 ms each."""
    return reverse(name, args=args)


def url_or_hash(name, *args, **params):
    """`reverse(name, args)` plus a query string of the non-empty params, or "#" if unknown."""
    try:
        url = _reversed(name, args, get_script_prefix())
    except NoReverseMatch:
        return "#"
    query = [
        _pair(key, tuple(value) if isinstance(value, list | tuple) else value)
        for key, value in params.items()
        if value not in (None, "", [], ())
    ]
    if query:
        url += "?" + "&".join(query)
    return url


@functools.lru_cache(maxsize=4096)
def _pair(key, value):
    """`key=value` URL-encoded (a tuple repeats the key): the status lists of the dashboard's
    links are the same nine values on every row."""
    return urlencode({key: value}, doseq=True)


def initiative_list(**filters):
    """The all-quick-wins list filtered by round, status (one or several), change_area, agency."""
    return url_or_hash("initiatives:list", **filters)


def initiative_detail(pk):
    return url_or_hash("initiatives:detail", pk)


def monitoring_board(*, round, **filters):
    """The monitoring board of `round` (a round id), filtered by agency, change_area, health,
    status or attention ("overdue", "missing_report")."""
    return url_or_hash("monitoring:board", round, **filters)


def review_board(*, round, **filters):
    """The review board of `round` (a round id), filtered by agency, area, status."""
    return url_or_hash("evaluations:board", round, **filters)
