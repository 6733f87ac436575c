from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request):
    """Site name, province and the open round (looked up lazily: only pages that show it pay)."""

    def current_round():
        from initiatives.selectors import current_round

        return current_round(request)  # the view may have looked it up already

    return {
        "SITE_NAME": "Quick Win",
        "PROVINCE_NAME": "Pemerintah Provinsi Kalimantan Timur",
        "DEBUG": settings.DEBUG,
        "current_round": SimpleLazyObject(current_round),
    }
