import factory

from accounts.models import Agency, AgencyKind, User

PASSWORD = "test-pass-123"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"dinas-uji-{n}")
    abbreviation = factory.Sequence(lambda n: f"Dinas Uji {n}")
    name = factory.Sequence(lambda n: f"Dinas Uji Coba {n}")
    kind = AgencyKind.DINAS


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class OperatorFactory(UserFactory):
    agency = factory.SubFactory(AgencyFactory)
    is_agency_operator = True


class HeadFactory(UserFactory):
    agency = factory.SubFactory(AgencyFactory)
    is_agency_head = True


def _biro_organisasi():
    # get_or_create: transactional tests flush the reference data loaded by migrations.
    return AgencyFactory(
        code="biro-organisasi",
        abbreviation="Biro Organisasi",
        name="Biro Organisasi Sekretariat Daerah",
        kind=AgencyKind.BIRO,
    )


class ReviewerFactory(UserFactory):
    agency = factory.LazyFunction(_biro_organisasi)
    is_reviewer = True


class BureauAdminFactory(UserFactory):
    agency = factory.LazyFunction(_biro_organisasi)
    is_bureau_admin = True
    is_staff = True


class LeaderFactory(UserFactory):
    is_leadership = True
