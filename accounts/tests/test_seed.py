import io

from django.core.management import call_command

from accounts.models import Agency, User
from initiatives.models import ChangeArea


def test_reference_data_has_44_agencies_and_8_change_areas(db):
    assert Agency.objects.count() == 44
    assert ChangeArea.objects.count() == 8
    assert list(ChangeArea.objects.values_list("number", flat=True)) == list(range(1, 9))
    assert Agency.objects.get(code="biro-organisasi").name == "Biro Organisasi Sekretariat Daerah"


def _snapshot():
    return {
        "agencies": list(Agency.objects.order_by("pk").values()),
        "areas": list(ChangeArea.objects.order_by("pk").values()),
        "users": list(User.objects.order_by("pk").values()),
    }


def test_seed_demo_is_idempotent(db):
    call_command("seed_demo", stdout=io.StringIO())
    first = _snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert _snapshot() == first


def test_seed_demo_has_one_user_per_role(db):
    call_command("seed_demo", stdout=io.StringIO())
    assert User.objects.with_role("agency_operator").values("agency").distinct().count() == 2
    assert User.objects.with_role("agency_head").values("agency").distinct().count() == 2
    assert User.objects.with_role("reviewer").count() >= 2
    assert User.objects.with_role("bureau_admin").count() == 1
    assert User.objects.with_role("leadership").count() == 1
