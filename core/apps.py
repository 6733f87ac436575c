from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: vocabulary and rules every app shares (workflow, health, scores,
    bands, calendar, formatting, charts, paging). It imports no app of ours."""

    name = "core"
    verbose_name = _("Shared rules")
