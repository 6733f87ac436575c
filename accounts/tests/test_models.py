import pytest
from django.db import IntegrityError

from accounts.models import Role, User


def test_agency_roles_require_an_agency(db):
    with pytest.raises(IntegrityError):
        User.objects.create(username="lost", is_agency_operator=True)


def test_a_user_may_hold_several_roles(db):
    user = User.objects.create(username="both", is_reviewer=True, is_bureau_admin=True)
    assert user.roles == [Role.REVIEWER, Role.BUREAU_ADMIN]
    assert user.has_role("reviewer") and not user.has_role("leadership")
