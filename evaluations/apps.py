from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluations"
    verbose_name = _("Review and scoring")

    def ready(self):
        from initiatives.extensions import (
            DetailPanel,
            register_detail_panel,
            register_timeline_provider,
        )

        from . import permissions, receivers  # noqa: F401  (register rules and receivers)
        from .panels import review_panel_context, review_timeline

        register_detail_panel(
            DetailPanel(
                key="review",
                template="evaluations/_review_panel.html",
                order=50,
                context=review_panel_context,
            )
        )
        register_timeline_provider(review_timeline)
