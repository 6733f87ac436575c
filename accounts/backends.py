"""Authentication backends: the login throttle (django-axes) first, then passwords."""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

UserModel = get_user_model()


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every login that comes in over the web.

    Axes refuses `authenticate()` calls without a request. Only the login page can be
    hammered from outside, and Django's LoginView always passes the request; calls
    without one (management commands, the test client's `login()`) have no address to
    throttle, so they are left to the next backends.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class UserBackend(ModelBackend):
    """Django's password backend, loading the signed-in user with their agency: every page's
    header shows it, so the join saves a query per request."""

    def get_user(self, user_id):
        user = UserModel._default_manager.select_related("agency").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
