import datetime

import factory
from django.utils import timezone

from accounts.tests.factories import AgencyFactory, OperatorFactory
from initiatives.models import ChangeArea, Indicator, Initiative, Milestone, Round


def _today():
    return timezone.localdate()


class RoundFactory(factory.django.DjangoModelFactory):
    """An open round: submission window around today, implementation this year and next."""

    class Meta:
        model = Round

    name = factory.Sequence(lambda n: f"Quick Win RB Mandiri Uji {n}")
    year = factory.LazyFunction(lambda: _today().year)
    submission_opens = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=10))
    submission_closes = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=20))
    review_deadline = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=40))
    implementation_start = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=30))
    implementation_end = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=330))


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A complete draft: every required field, ready to submit once indicators/milestones exist."""

    class Meta:
        model = Initiative

    round = factory.SubFactory(RoundFactory)
    agency = factory.SubFactory(AgencyFactory)
    title = factory.Sequence(lambda n: f"Layanan Perizinan Daring {n}")
    change_area = factory.LazyFunction(lambda: ChangeArea.objects.get(number=8))
    problem = "Antrean panjang di loket perizinan."
    root_cause = "Berkas diperiksa manual."
    objective = "Mempercepat layanan."
    output = "Aplikasi perizinan daring."
    outcome = "Waktu layanan turun dari 14 menjadi 3 hari."
    beneficiaries = "Pelaku usaha di Kaltim."
    start_date = factory.LazyAttribute(lambda o: o.round.implementation_start)
    end_date = factory.LazyAttribute(
        lambda o: o.round.implementation_start + datetime.timedelta(days=180)
    )
    pic_name = "Rina Operator"
    pic_position = "Kepala Bidang"
    budget = 12_500_000
    budget_source = "APBD 2027"
    created_by = factory.SubFactory(OperatorFactory, agency=factory.SelfAttribute("..agency"))


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    initiative = factory.SubFactory(InitiativeFactory)
    name = factory.Sequence(lambda n: f"Indikator {n}")
    unit = "hari"
    baseline = 14
    target = 3


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"Tahap {n}")
    due_date = factory.LazyAttribute(
        lambda o: o.initiative.start_date + datetime.timedelta(days=30)
    )
    weight = 50


def complete_initiative(**kwargs):
    """A draft with one indicator and two milestones (50 + 50): it passes every submit check."""
    initiative = InitiativeFactory(**kwargs)
    IndicatorFactory(initiative=initiative)
    MilestoneFactory(
        initiative=initiative,
        due_date=initiative.start_date + datetime.timedelta(days=30),
        weight=50,
    )
    MilestoneFactory(
        initiative=initiative,
        due_date=initiative.start_date + datetime.timedelta(days=90),
        weight=50,
    )
    return initiative
