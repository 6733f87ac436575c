"""Who may do what in accounts, as `rules` predicates.

The role predicates here are the building blocks every other app's permissions module
combines with object state. Views ask `user.has_perm(...)`, templates `{% has_perm %}`.
"""

import rules


@rules.predicate
def is_agency_operator(user):
    return user.is_agency_operator and user.agency_id is not None


@rules.predicate
def is_agency_head(user):
    return user.is_agency_head and user.agency_id is not None


is_agency_member = is_agency_operator | is_agency_head


@rules.predicate
def is_reviewer(user):
    return user.is_reviewer


@rules.predicate
def is_bureau_admin(user):
    return user.is_bureau_admin


@rules.predicate
def is_leadership(user):
    return user.is_leadership


@rules.predicate
def belongs_to_object_agency(user, obj):
    """The object (anything with `agency_id`, or an Agency itself) is the user's agency's."""
    if obj is None or user.agency_id is None:
        return False
    agency_id = getattr(obj, "agency_id", None)
    if agency_id is None and obj.__class__.__name__ == "Agency":
        agency_id = obj.pk
    return agency_id == user.agency_id


is_bureau_or_leadership = is_reviewer | is_bureau_admin | is_leadership

rules.add_perm("accounts.manage_users", is_bureau_admin)
rules.add_perm("accounts.manage_agencies", is_bureau_admin)
rules.add_perm(
    "accounts.view_agency",
    is_bureau_or_leadership | (is_agency_member & belongs_to_object_agency),
)
