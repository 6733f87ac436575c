from django.utils.functional import SimpleLazyObject


def current_round(request):
    """The open round for the page header, looked up lazily (only pages that show it pay)
    and once per request (a view that needs it too shares the lookup)."""

    def lookup():
        from .selectors import current_round

        return current_round(request)

    return {"current_round": SimpleLazyObject(lookup)}
