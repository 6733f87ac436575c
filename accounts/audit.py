"""The audit trail for changes that have no record of their own (the status timeline,
decisions and reviews are already recorded by their apps).

`record()` is called by the services that make those changes: the rubric editor, the round
editor, and the user admin when roles or the agency change.
"""

from .models import AuditEntry

ROLE_FIELDS = (
    "agency_id",
    "is_agency_operator",
    "is_agency_head",
    "is_reviewer",
    "is_bureau_admin",
    "is_leadership",
    "is_active",
    "is_staff",
    "is_superuser",
)


def record(*, by, action, obj, before, after):
    """Append one entry when `before` and `after` differ; returns it (or None)."""
    if before == after:
        return None
    changed = {key for key in set(before) | set(after) if before.get(key) != after.get(key)}
    return AuditEntry.objects.create(
        actor=by if getattr(by, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        before={key: before.get(key) for key in sorted(changed)},
        after={key: after.get(key) for key in sorted(changed)},
    )


def snapshot(obj, fields):
    """The JSON-safe values of `fields` of `obj` (dates as ISO text)."""
    values = {}
    for field in fields:
        value = getattr(obj, field)
        values[field] = value.isoformat() if hasattr(value, "isoformat") else value
    return values


def roles_of(user):
    return snapshot(user, ROLE_FIELDS)
