from django.apps import AppConfig


class QuickwinConfig(AppConfig):
    """The project package doubles as an app for shared template tags and formatting."""

    name = "quickwin"
    verbose_name = "Quick Win"
