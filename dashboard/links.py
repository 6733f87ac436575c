"""Links to other apps' pages, built by URL name so this app never imports their views.

Until the other branches are merged a name may not exist yet: the link is then "#".
Filters are GET parameters; a list of values repeats the parameter (`status=a&status=b`).
"""

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse


def url_or_hash(name, *args, **params):
    """`reverse(name, args)` plus a query string of the non-empty params, or "#" if unknown."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return "#"
    query = {key: value for key, value in params.items() if value not in (None, "", [], ())}
    if query:
        url += "?" + urlencode(query, doseq=True)
    return url


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
