"""Realistic load data for the dashboard and the benchmark: rounds, agencies, quick wins in
every status, milestones, progress reports, reviewer assignments, reviews and status changes.

Everything is written with `bulk_create` in batches, so 5,000 agencies / 50,000 quick wins
(250,000 milestones, ~270,000 reports, ~100,000 reviews) take minutes on PostgreSQL.
Deterministic for a given seed. Agencies get codes `gen<seed>-<n>`: a second run with the
same seed is refused rather than mixed in.
"""

import calendar
import datetime
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Agency, AgencyKind, User
from core.workflow import Action, Status
from evaluations.models import Assignment, Recommendation, Review, ReviewStatus, Rubric
from initiatives.models import ChangeArea, Indicator, Initiative, Milestone, Round, StatusChange
from monitoring.models import ProgressReport

BATCH = 5000
MILESTONES_PER_INITIATIVE = 5
REVIEWERS_PER_INITIATIVE = 2

PAST_ROUND_MIX = {
    Status.EVALUATED: 50,
    Status.COMPLETED: 15,
    Status.IN_PROGRESS: 8,
    Status.CANCELLED: 5,
    Status.REJECTED: 12,
    Status.WITHDRAWN: 4,
    Status.DRAFT: 6,
}
CURRENT_ROUND_MIX = {
    Status.DRAFT: 8,
    Status.SUBMITTED: 8,
    Status.IN_REVIEW: 10,
    Status.REVISION: 5,
    Status.APPROVED: 10,
    Status.IN_PROGRESS: 40,
    Status.COMPLETED: 6,
    Status.EVALUATED: 2,
    Status.REJECTED: 6,
    Status.WITHDRAWN: 3,
    Status.CANCELLED: 2,
}
DECIDED = {
    Status.APPROVED,
    Status.IN_PROGRESS,
    Status.COMPLETED,
    Status.EVALUATED,
    Status.REJECTED,
    Status.CANCELLED,
}
REVIEWED = DECIDED | {Status.IN_REVIEW, Status.REVISION}
STARTED = {Status.IN_PROGRESS, Status.COMPLETED, Status.EVALUATED, Status.CANCELLED}
FINISHED = {Status.COMPLETED, Status.EVALUATED}

SUBJECTS = [
    "Layanan Perizinan",
    "Pengaduan Masyarakat",
    "Arsip Digital",
    "Pelayanan Kesehatan",
    "Data Kepegawaian",
    "Pengadaan Barang",
    "Laporan Keuangan",
    "Layanan Informasi Publik",
]
MEANS = ["Daring", "Satu Pintu", "Berbasis Aplikasi", "Terintegrasi", "Tanpa Kertas", "Keliling"]


class GeneratorError(Exception):
    pass


def _month_start(day):
    return day.replace(day=1)


def _month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _add_months(day, months):
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _aware(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _make_rounds(label, today):
    """Two past rounds and the current one, implementation running today."""
    rounds = []
    for years_back in (2, 1, 0):
        year = today.year - years_back
        if years_back:
            opens = datetime.date(year - 1, 10, 1)
            impl_start = datetime.date(year, 1, 1)
            impl_end = datetime.date(year, 12, 31)
        else:
            impl_start = _month_start(_add_months(today, -7))
            impl_end = _month_end(_add_months(impl_start, 11))
            opens = _add_months(impl_start, -3)
        rounds.append(
            Round(
                name=f"Quick Win RB Mandiri {year} · {label}",
                year=year,
                submission_opens=opens,
                submission_closes=opens + datetime.timedelta(days=45),
                review_deadline=opens + datetime.timedelta(days=75),
                implementation_start=impl_start,
                implementation_end=impl_end,
            )
        )
    return Round.objects.bulk_create(rounds)


def _make_users(seed, agency_rows, agencies):
    """One operator per agency, a reviewer per 100 agencies (at least 3) and a bureau admin."""
    password = make_password(f"gen-{seed}-not-for-login")
    operators = User.objects.bulk_create(
        [
            User(
                username=f"gen{seed}.op{n:05d}",
                password=password,
                agency=agency,
                is_agency_operator=True,
            )
            for n, agency in enumerate(agency_rows, start=1)
        ],
        batch_size=BATCH,
    )
    bureau = Agency.objects.filter(code="biro-organisasi").first()
    reviewers = User.objects.bulk_create(
        [
            User(
                username=f"gen{seed}.reviewer{n:03d}",
                password=password,
                agency=bureau,
                is_reviewer=True,
            )
            for n in range(1, max(3, agencies // 100) + 2)
        ]
    )
    admin = User.objects.create(
        username=f"gen{seed}.admin", password=password, agency=bureau, is_bureau_admin=True
    )
    return {op.agency_id: op for op in operators}, reviewers, admin


def generate(
    *,
    agencies,
    initiatives,
    seed=1,
    today=None,
    existing_agencies=None,
    existing_users=None,
    label=None,
    log=lambda message: None,
):
    """Create `agencies` new agencies and `initiatives` quick wins over three new rounds.

    With `existing_agencies` (a list), those agencies propose the quick wins instead and
    `agencies` is ignored (the demo data uses the 44 real agencies this way). With
    `existing_users` = (operators by agency id, reviewers, bureau admin) no user is created;
    an agency without an operator gets its quick wins entered by the bureau admin.

    Guarantees: every status of the workflow occurs (given enough quick wins); milestone
    weights add up to 100; at most one report per quick win and period; submitted reviews
    carry a score, recommendation and time; drafts have no reviews. Returns row counts.
    """
    if existing_agencies is not None:
        agencies = len(existing_agencies)
    if agencies < 1 or initiatives < 0:
        raise GeneratorError("Need at least one agency and zero or more quick wins.")
    prefix = f"gen{seed}-"
    label = label or f"data uji {seed}"
    if (
        Agency.objects.filter(code__startswith=prefix).exists()
        or User.objects.filter(username__startswith=f"gen{seed}.").exists()
    ):
        raise GeneratorError(f"Data for seed {seed} exists already; use another --seed.")
    rng = random.Random(seed)
    today = today or timezone.localdate()
    counts = {}
    with transaction.atomic():
        rounds = _make_rounds(label, today)
        Rubric.objects.bulk_create([Rubric(round=r) for r in rounds])
        areas = list(ChangeArea.objects.order_by("number"))
        if not areas:
            raise GeneratorError("The eight change areas are missing: run migrate first.")

        agency_rows = existing_agencies or Agency.objects.bulk_create(
            [
                Agency(
                    code=f"{prefix}{n:05d}",
                    abbreviation=f"PD Uji {seed}-{n}",
                    name=f"Perangkat Daerah Uji {seed}-{n}",
                    kind=rng.choice([AgencyKind.DINAS, AgencyKind.BADAN, AgencyKind.BIRO]),
                )
                for n in range(1, agencies + 1)
            ],
            batch_size=BATCH,
        )
        counts["agencies"] = len(agency_rows)
        log(f"agencies: {len(agency_rows)}")

        if existing_users is not None:
            operator_by_agency, reviewers, admin = existing_users
            reviewers = list(reviewers)
            if len(reviewers) < REVIEWERS_PER_INITIATIVE or admin is None:
                raise GeneratorError("Need two reviewers and a bureau admin: seed users first.")
            operator_of = {a.pk: operator_by_agency.get(a.pk, admin) for a in agency_rows}
            counts["users"] = 0
        else:
            operator_of, reviewers, admin = _make_users(seed, agency_rows, agencies)
            counts["users"] = len(operator_of) + len(reviewers) + 1

        # Quick wins: 25 % / 30 % / 45 % over the three rounds.
        plan = []
        shares = [0.25, 0.30]
        sizes = [int(initiatives * s) for s in shares]
        sizes.append(initiatives - sum(sizes))
        for round_, size in zip(rounds, sizes, strict=True):
            mix = CURRENT_ROUND_MIX if round_ is rounds[-1] else PAST_ROUND_MIX
            statuses = rng.choices(list(mix), weights=list(mix.values()), k=size)
            if size >= len(mix):  # every status at least once
                statuses[: len(mix)] = list(mix)
            plan.extend((round_, status) for status in statuses)

        objects = []
        for n, (round_, status) in enumerate(plan, start=1):
            agency = agency_rows[rng.randrange(len(agency_rows))]
            start = round_.implementation_start + datetime.timedelta(days=rng.randint(0, 30))
            end = min(
                round_.implementation_end, start + datetime.timedelta(days=rng.randint(240, 330))
            )
            submitted_at = decided_at = None
            if status not in (Status.DRAFT, Status.WITHDRAWN) or rng.random() < 0.3:
                submitted_at = _aware(
                    round_.submission_opens + datetime.timedelta(days=rng.randint(1, 44)),
                    rng.randint(8, 16),
                )
            if status in DECIDED and submitted_at:
                decided_at = submitted_at + datetime.timedelta(
                    days=rng.randint(5, 50), hours=rng.randint(0, 8)
                )
            objects.append(
                Initiative(
                    round=round_,
                    agency=agency,
                    title=f"{rng.choice(SUBJECTS)} {rng.choice(MEANS)} {n}",
                    change_area=areas[rng.randrange(len(areas))],
                    problem="Layanan lambat dan tidak terpantau.",
                    root_cause="Proses manual.",
                    objective="Mempercepat layanan.",
                    output="Aplikasi dan SOP baru.",
                    outcome="Waktu layanan turun.",
                    beneficiaries="Masyarakat Kalimantan Timur.",
                    start_date=start,
                    end_date=end,
                    pic_name="PIC Uji",
                    pic_position="Kepala Bidang",
                    budget=rng.randrange(0, 500) * 1_000_000,
                    budget_source="APBD",
                    status=status,
                    created_by=operator_of[agency.pk],
                    submitted_at=submitted_at,
                    decided_at=decided_at,
                )
            )
        created = Initiative.objects.bulk_create(objects, batch_size=BATCH)
        counts["initiatives"] = len(created)
        log(f"quick wins: {len(created)}")

        indicators, milestones, reports, changes, assignments = [], [], [], [], []
        for initiative in created:
            status = initiative.status
            indicators.append(
                Indicator(
                    initiative=initiative,
                    name="Waktu layanan",
                    unit="hari",
                    baseline=Decimal(14),
                    target=Decimal(3),
                    actual=Decimal(rng.randint(2, 6)) if status in FINISHED else None,
                )
            )
            span = (initiative.end_date - initiative.start_date).days
            # How diligent this agency is: the share of due milestones done on time.
            diligence = rng.random()
            for k in range(MILESTONES_PER_INITIATIVE):
                due = initiative.start_date + datetime.timedelta(
                    days=span * (k + 1) // MILESTONES_PER_INITIATIVE
                )
                completed_on = None
                if status in FINISHED or (
                    status in STARTED and due <= today and rng.random() < 0.5 + diligence / 2
                ):
                    completed_on = min(today, due + datetime.timedelta(days=rng.randint(-10, 12)))
                milestones.append(
                    Milestone(
                        initiative=initiative,
                        title=f"Tahap {k + 1}",
                        due_date=due,
                        weight=100 // MILESTONES_PER_INITIATIVE,
                        order=k,
                        completed_on=completed_on,
                    )
                )
            if initiative.submitted_at:
                changes.append(
                    StatusChange(
                        initiative=initiative,
                        action=Action.SUBMIT,
                        from_status=Status.DRAFT,
                        to_status=Status.SUBMITTED,
                        created_at=initiative.submitted_at,
                    )
                )
            if initiative.decided_at:
                target = Status.REJECTED if status == Status.REJECTED else Status.APPROVED
                changes.append(
                    StatusChange(
                        initiative=initiative,
                        action=Action.REJECT if target == Status.REJECTED else Action.APPROVE,
                        from_status=Status.IN_REVIEW,
                        to_status=target,
                        actor=admin,
                        created_at=initiative.decided_at,
                    )
                )
            if status in REVIEWED and initiative.submitted_at:
                # Two reviewers, a third on one in four (a disputed or large proposal).
                panel = REVIEWERS_PER_INITIATIVE + (rng.random() < 0.25)
                for reviewer in rng.sample(reviewers, min(panel, len(reviewers))):
                    assignments.append(
                        Assignment(
                            initiative=initiative,
                            reviewer=reviewer,
                            due_date=timezone.localdate(initiative.submitted_at)
                            + datetime.timedelta(days=14),
                            assigned_by=admin,
                        )
                    )
            if status in STARTED and initiative.decided_at:
                period = _month_start(initiative.start_date)
                last = min(today, initiative.end_date)
                lag = rng.randint(3, 20)
                while _month_end(period) < last:
                    due = _add_months(period, 1).replace(day=10)
                    if rng.random() < 0.95:
                        submitted_on = _month_end(period) + datetime.timedelta(days=lag)
                        elapsed = (_month_end(period) - initiative.start_date).days
                        reports.append(
                            ProgressReport(
                                initiative=initiative,
                                period_start=period,
                                period_end=_month_end(period),
                                due_date=due,
                                percent_complete=max(0, min(100, elapsed * 100 // max(span, 1))),
                                achievements="Tahapan berjalan sesuai rencana aksi.",
                                obstacles="Keterbatasan anggaran." if rng.random() < 0.3 else "",
                                submitted_by=initiative.created_by,
                                submitted_at=_aware(submitted_on),
                                is_late=submitted_on > due,
                            )
                        )
                    period = _add_months(period, 1)

        Indicator.objects.bulk_create(indicators, batch_size=BATCH)
        counts["milestones"] = len(Milestone.objects.bulk_create(milestones, batch_size=BATCH))
        log(f"milestones: {counts['milestones']}")
        counts["progress_reports"] = len(
            ProgressReport.objects.bulk_create(reports, batch_size=BATCH)
        )
        log(f"progress reports: {counts['progress_reports']}")
        counts["status_changes"] = len(StatusChange.objects.bulk_create(changes, batch_size=BATCH))
        assignments = Assignment.objects.bulk_create(assignments, batch_size=BATCH)
        counts["assignments"] = len(assignments)

        reviews = []
        by_pk = {i.pk: i for i in created}
        for assignment in assignments:
            initiative = by_pk[assignment.initiative_id]
            submitted = initiative.status in DECIDED or rng.random() < 0.6
            if not submitted and rng.random() < 0.5:
                continue  # not started yet
            score = None
            if submitted:
                score = Decimal(rng.randint(3500, 9800)) / 100
            reviews.append(
                Review(
                    assignment=assignment,
                    status=ReviewStatus.SUBMITTED if submitted else ReviewStatus.DRAFT,
                    recommendation=(
                        (
                            Recommendation.REJECT
                            if initiative.status == Status.REJECTED
                            else Recommendation.APPROVE
                        )
                        if submitted
                        else ""
                    ),
                    total_score=score,
                    submitted_at=(
                        initiative.submitted_at + datetime.timedelta(days=rng.randint(2, 20))
                        if submitted
                        else None
                    ),
                )
            )
        counts["reviews"] = len(Review.objects.bulk_create(reviews, batch_size=BATCH))
        log(f"reviews: {counts['reviews']}")
    if connection.vendor == "postgresql":
        # Fresh planner statistics, or the first queries plan for empty tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts
