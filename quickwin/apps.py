from django.apps import AppConfig


class QuickwinConfig(AppConfig):
    """The project package is an app only for its management commands (seed_demo, backup,
    restore); everything else here is configuration."""

    name = "quickwin"
    verbose_name = "Quick Win"
