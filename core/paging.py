"""Cutting a page before the expensive part of a listing."""

from django.core.paginator import Paginator


def page_of_ids(ids, page_number, per_page, *, fetch_all=False):
    """(Paginator page, the page's ids) of `ids`, an ordered `values("pk")` queryset.

    By default the page's ids stay a sliced subquery for the caller's rows statement, and
    the paginator counts with its own (cheap) query. With `fetch_all` (the rows are
    filtered on a value computed per row, so counting would compute it all again) the
    ordered ids are read once and their number is the count. Two queries either way, with
    the caller's rows query.
    """
    if fetch_all:
        page = Paginator(list(ids.values_list("pk", flat=True)), per_page).get_page(page_number)
        return page, list(page.object_list)
    page = Paginator(ids, per_page).get_page(page_number)
    if not page.paginator.count:
        return page, []
    return page, ids[page.start_index() - 1 : page.end_index()]
