"""Demo users, one per role (issue: foundation). Idempotent: re-running updates in place."""

from .models import Agency, User

DEMO_PASSWORD = "demo-quickwin-2027"

# username, first name, last name, agency code, roles, position
DEMO_USERS = [
    (
        "operator.diskominfo",
        "Rina",
        "Operator",
        "diskominfo",
        {"is_agency_operator"},
        "Analis Kebijakan",
    ),
    ("kepala.diskominfo", "Budi", "Santoso", "diskominfo", {"is_agency_head"}, "Kepala Dinas"),
    ("operator.dinkes", "Sari", "Wulandari", "dinkes", {"is_agency_operator"}, "Analis Organisasi"),
    ("kepala.dinkes", "Hendra", "Pratama", "dinkes", {"is_agency_head"}, "Kepala Dinas"),
    ("reviewer.satu", "Dewi", "Lestari", "biro-organisasi", {"is_reviewer"}, "Analis Kelembagaan"),
    ("reviewer.dua", "Agus", "Setiawan", "biro-organisasi", {"is_reviewer"}, "Analis Tata Laksana"),
    (
        "admin.biro",
        "Maya",
        "Kusuma",
        "biro-organisasi",
        {"is_bureau_admin", "is_reviewer"},
        "Kepala Bagian",
    ),
    ("sekda", "Sekretaris", "Daerah", None, {"is_leadership"}, "Sekretaris Daerah"),
]

ROLE_FLAGS = [
    "is_agency_operator",
    "is_agency_head",
    "is_reviewer",
    "is_bureau_admin",
    "is_leadership",
]


def seed_users():
    """Create or refresh the demo users; returns them in DEMO_USERS order."""
    agencies = {
        a.code: a for a in Agency.objects.filter(code__in={u[3] for u in DEMO_USERS if u[3]})
    }
    users = []
    for username, first, last, agency_code, roles, position in DEMO_USERS:
        defaults = {
            "first_name": first,
            "last_name": last,
            "agency": agencies.get(agency_code),
            "position": position,
            "email": f"{username}@quickwin.local",
            "is_staff": "is_bureau_admin" in roles,
            **{flag: flag in roles for flag in ROLE_FLAGS},
        }
        user, created = User.objects.update_or_create(username=username, defaults=defaults)
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        users.append(user)
    return users
