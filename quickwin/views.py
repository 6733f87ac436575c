"""Project-level views: the role dispatcher behind "/" and the health check.

They live here, above every app, because the landing page of each role belongs to a
different app and apps must not import upwards.
"""

import logging

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

# Most senior role first: (who, the URL name of their home page).
ROLE_HOMES = [
    (lambda u: u.is_leadership, "dashboard:index"),
    (lambda u: u.is_bureau_admin, "dashboard:control_room"),
    (lambda u: u.is_reviewer, "evaluations:my_reviews"),
    (lambda u: u.is_agency_user, "initiatives:todo"),
]


@login_required
def home(request):
    """Each role lands on its own page; a user with several roles gets the most senior one."""
    user = request.user
    for has_role, url_name in ROLE_HOMES:
        if has_role(user):
            try:
                return redirect(reverse(url_name))
            except NoReverseMatch:  # that role's page is not built yet
                break
    return render(request, "home.html", {})


@require_GET
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: database unreachable")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


def csrf_failure(request, reason=""):
    """An expired form explains itself in the user's language instead of Django's debug page."""
    return render(request, "403_csrf.html", status=403)
