from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts and agencies")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import permissions  # noqa: F401  (registers the rules)
        from .sessions import stamp_session

        user_logged_in.connect(stamp_session, dispatch_uid="accounts.stamp_session")
