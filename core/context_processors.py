from django.conf import settings


def site(request):
    """The product's and the government's names for every page's header and footer."""
    return {
        "SITE_NAME": "Quick Win",
        "PROVINCE_NAME": "Pemerintah Provinsi Kalimantan Timur",
        "DEBUG": settings.DEBUG,
    }
