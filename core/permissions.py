"""The one permission check views and services share.

Permissions themselves are `rules` predicates in each app's `permissions.py`; this is how
code asks for one and stops when it is missing.
"""

from django.core.exceptions import PermissionDenied


def require(user, perm, obj=None):
    """Raise PermissionDenied unless `user` holds `perm` (on `obj`, for object permissions).

    Views load objects through their app's loader first, so someone outside the object's
    agency already got a 404 before this is asked.
    """
    if not user.has_perm(perm, obj):
        raise PermissionDenied
