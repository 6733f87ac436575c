from django.apps import AppConfig


class QuickwinConfig(AppConfig):
    """The project package doubles as an app for shared template tags and formatting."""

    name = "quickwin"
    verbose_name = "Quick Win"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .sessions import stamp_session

        user_logged_in.connect(stamp_session, dispatch_uid="quickwin.stamp_session")
