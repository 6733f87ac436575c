"""Sessions end after SESSION_COOKIE_AGE seconds of inactivity (default 8 hours).

Django's SESSION_SAVE_EVERY_REQUEST would give that too, but writes the session row on
every single request. Here an active session is renewed (saved with a fresh expiry) at
most once per SESSION_RENEW_SECONDS; a user idle for SESSION_COOKIE_AGE is logged out,
give or take that minute.
"""

import time

from django.conf import settings

RENEWED_KEY = "_qw_renewed"


def stamp_session(sender, request, user, **kwargs):
    """user_logged_in receiver: a fresh login counts as a renewal."""
    request.session[RENEWED_KEY] = int(time.time())


class IdleSessionMiddleware:
    """After SessionMiddleware and AuthenticationMiddleware: renews a used session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            if now - session.get(RENEWED_KEY, 0) >= settings.SESSION_RENEW_SECONDS:
                session[RENEWED_KEY] = now  # modified: SessionMiddleware saves, new expiry
        return response
