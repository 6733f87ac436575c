"""Demo data for the dashboard: three rounds of quick wins by the 44 real agencies, so the
dashboard tells a story at the first `make run`. Idempotent: a second run changes nothing."""

from accounts.models import Agency, User
from initiatives.models import Round

from .generate import generate

DEMO_LABEL = "demo dasbor"
DEMO_SEED = 2027


def seed(*, initiatives=160):
    """Create the demo rounds once; returns the number of quick wins created (0 if present).

    Uses the demo users (run after `seed_users()`): no user is added.
    """
    if Round.objects.filter(name__endswith=f"· {DEMO_LABEL}").exists():
        return 0
    agencies = list(Agency.objects.active().exclude(code="biro-organisasi").order_by("pk"))
    if not agencies:
        return 0
    operators = {}
    for user in User.objects.with_role("agency_operator").order_by("pk"):
        operators.setdefault(user.agency_id, user)
    reviewers = User.objects.with_role("reviewer").exclude(agency__in=agencies)
    admin = User.objects.with_role("bureau_admin").order_by("pk").first()
    counts = generate(
        agencies=len(agencies),
        initiatives=initiatives,
        seed=DEMO_SEED,
        existing_agencies=agencies,
        existing_users=(operators, reviewers, admin),
        label=DEMO_LABEL,
    )
    return counts["initiatives"]
