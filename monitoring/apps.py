from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"
    verbose_name = _("Implementation monitoring")

    def ready(self):
        from . import panels, permissions  # noqa: F401  (registers the rules)

        panels.register()
