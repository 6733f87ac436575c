"""Demo data: an open round and a dozen quick wins across agencies and statuses. Idempotent.

Statuses are reached through `transition()`, so every quick win has the StatusChange trail a
real one would have. Re-running finds the round and quick wins by name and changes nothing.
"""

import datetime

from django.utils import timezone

from accounts.models import Agency, User
from core.workflow import Action

from .models import ChangeArea, Indicator, Initiative, Milestone, Round
from .services import transition

# The path of actions from draft to each demo status (bureau actions marked by the actor).
PATHS = {
    "draft": [],
    "submitted": [Action.SUBMIT],
    "in_review": [Action.SUBMIT, Action.ASSIGN],
    "revision": [Action.SUBMIT, Action.ASSIGN, Action.REQUEST_REVISION],
    "approved": [Action.SUBMIT, Action.ASSIGN, Action.APPROVE],
    "rejected": [Action.SUBMIT, Action.ASSIGN, Action.REJECT],
    "in_progress": [Action.SUBMIT, Action.ASSIGN, Action.APPROVE, Action.START],
    "withdrawn": [Action.WITHDRAW],
}
BUREAU_ACTIONS = {Action.ASSIGN, Action.REQUEST_REVISION, Action.APPROVE, Action.REJECT}
NOTES = {
    Action.REQUEST_REVISION: "Indikator keberhasilan belum terukur; lengkapi baseline dan target.",
    Action.REJECT: "Belum menunjukkan perubahan layanan yang nyata bagi masyarakat.",
}

# agency code, title, change area number, target status. Only the demo agencies: their
# operators (accounts.demo) perform the agency's steps, so every status comes from transition().
QUICK_WINS = [
    ("diskominfo", "Satu Data Kaltim: portal data terbuka", 8, "submitted"),
    ("diskominfo", "Tanda tangan elektronik untuk surat dinas", 4, "draft"),
    ("diskominfo", "Layanan pengaduan terpadu lewat WhatsApp", 8, "revision"),
    ("diskominfo", "Jaringan internet desa terpencil", 8, "approved"),
    ("diskominfo", "Aplikasi rapat daring tanpa kertas", 4, "withdrawn"),
    ("diskominfo", "Layanan informasi publik 24 jam", 8, "draft"),
    ("dinkes", "Antrean daring puskesmas", 8, "in_review"),
    ("dinkes", "Rujukan pasien terintegrasi antar rumah sakit", 8, "in_progress"),
    ("dinkes", "Sertifikat laik higiene dalam 3 hari", 2, "draft"),
    ("dinkes", "Izin praktik tenaga kesehatan daring", 2, "rejected"),
    ("dinkes", "Pelaporan kasus penyakit menular real-time", 6, "submitted"),
    ("dinkes", "Layanan ambulans terpadu 119", 8, "approved"),
]


def _dates():
    today = timezone.localdate()
    return {
        "year": today.year,
        "submission_opens": today - datetime.timedelta(days=20),
        "submission_closes": today + datetime.timedelta(days=25),
        "review_deadline": today + datetime.timedelta(days=45),
        "implementation_start": today - datetime.timedelta(days=15),
        "implementation_end": today + datetime.timedelta(days=320),
    }


def _round():
    dates = _dates()
    name = f"Quick Win RB Mandiri {dates['year']} (demo)"
    existing = Round.objects.filter(name=name).first()
    return existing or Round.objects.create(name=name, **dates)


def _operator(agency):
    """The agency's demo operator from accounts.demo (None when the users are not seeded)."""
    return User.objects.filter(agency=agency, is_agency_operator=True).order_by("id").first()


def _create_quick_win(round_, agency, operator, title, area):
    start = round_.implementation_start + datetime.timedelta(days=5)
    end = start + datetime.timedelta(days=240)
    initiative = Initiative.objects.create(
        round=round_,
        agency=agency,
        title=title,
        change_area=area,
        problem=f"Layanan “{title.lower()}” masih manual dan lambat.",
        root_cause="Proses bergantung pada berkas fisik dan tatap muka.",
        objective="Mempercepat dan mempermudah layanan bagi masyarakat.",
        output="Layanan daring yang dapat diakses 24 jam.",
        outcome="Waktu layanan turun dan kepuasan masyarakat naik.",
        beneficiaries="Masyarakat Kalimantan Timur.",
        start_date=start,
        end_date=end,
        pic_name=str(operator),
        pic_position="Kepala Bidang",
        budget=25_000_000,
        budget_source="APBD Provinsi",
        created_by=operator,
    )
    Indicator.objects.bulk_create(
        [
            Indicator(
                initiative=initiative,
                name="Waktu penyelesaian layanan",
                unit="hari",
                baseline=14,
                target=3,
                direction="lower",
                order=1,
            ),
            Indicator(
                initiative=initiative,
                name="Indeks kepuasan masyarakat",
                unit="%",
                baseline=70,
                target=85,
                order=2,
            ),
        ]
    )
    Milestone.objects.bulk_create(
        [
            Milestone(
                initiative=initiative,
                title=milestone_title,
                due_date=start + datetime.timedelta(days=days),
                weight=weight,
                order=number,
            )
            for number, (milestone_title, days, weight) in enumerate(
                [
                    ("Penyusunan SOP dan regulasi", 30, 20),
                    ("Pembangunan sistem", 120, 50),
                    ("Sosialisasi dan peluncuran", 220, 30),
                ],
                start=1,
            )
        ]
    )
    return initiative


def seed():
    """Create the demo round and quick wins once; returns the round. Re-running changes nothing."""
    round_ = _round()
    bureau = User.objects.filter(is_bureau_admin=True).order_by("id").first()
    areas = {area.number: area for area in ChangeArea.objects.all()}
    agencies = {a.code: a for a in Agency.objects.filter(code__in={q[0] for q in QUICK_WINS})}
    for code, title, area_number, status in QUICK_WINS:
        agency = agencies.get(code)
        operator = _operator(agency) if agency else None
        if operator is None or Initiative.objects.filter(round=round_, title=title).exists():
            continue
        initiative = _create_quick_win(round_, agency, operator, title, areas[area_number])
        for action in PATHS[status]:
            if action in BUREAU_ACTIONS and bureau is None:
                break
            transition(
                initiative=initiative,
                action=action,
                by=bureau if action in BUREAU_ACTIONS else operator,
                note=NOTES.get(action, ""),
            )
    return round_
