"""The login throttle (django-axes) as our first authentication backend."""

from axes.backends import AxesStandaloneBackend


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
