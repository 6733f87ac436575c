from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    BIRO = "biro", _("Bureau")
    DINAS = "dinas", _("Office (dinas)")
    BADAN = "badan", _("Agency (badan)")
    INSPEKTORAT = "inspektorat", _("Inspectorate")
    SATPOL_PP = "satpol_pp", _("Civil Service Police Unit")
    SEKRETARIAT = "sekretariat", _("Secretariat")
    RUMAH_SAKIT = "rumah_sakit", _("Hospital")


LABEL_SEPARATOR = " — "  # between abbreviation and name in Agency.label


class AgencyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def search(self, text, limit=20):
        """Up to `limit` agencies whose abbreviation or name contains `text` (any case), best
        first: the abbreviation equal to it, then beginning with it, then the name beginning
        with it, then the rest; alphabetical within each. For a type-ahead: the whole table
        is never rendered (5,000 agencies at a national rollout)."""
        text = " ".join(str(text).split())[:100]
        if not text:
            return self.none()
        rank = models.Case(
            models.When(abbreviation__iexact=text, then=0),
            models.When(abbreviation__istartswith=text, then=1),
            models.When(name__istartswith=text, then=2),
            default=3,
        )
        return (
            self.filter(Q(abbreviation__icontains=text) | Q(name__icontains=text))
            .annotate(rank=rank)
            .order_by("rank", "abbreviation", "name", "pk")[:limit]
        )

    def matching(self, text):
        """The agencies a typed filter value names (a list; the caller decides what none or
        several mean). A number is an id (a link's `?agency=12`). Otherwise, any case, the
        most precise kind of match that finds something wins: the code, then "ABBR — Name"
        (Agency.label, what the type-ahead writes), then the abbreviation, then the name."""
        text = " ".join(str(text).split())
        if not text:
            return []
        if text.isdecimal():  # not isdigit(): "²" is a digit that int() refuses
            return list(self.filter(pk=int(text))[:1])
        abbreviation, _sep, name = (part.strip() for part in text.partition("—"))
        condition = Q(code__iexact=text) | Q(abbreviation__iexact=text) | Q(name__iexact=text)
        if abbreviation and name:
            condition |= Q(abbreviation__iexact=abbreviation, name__iexact=name)
        candidates = list(self.filter(condition).order_by("pk")[:10])
        lowered = text.lower()

        def precision(agency):
            if agency.code.lower() == lowered:
                return 0
            if name and (agency.abbreviation.lower(), agency.name.lower()) == (
                abbreviation.lower(),
                name.lower(),
            ):
                return 1
            return 2 if agency.abbreviation.lower() == lowered else 3

        best = min(map(precision, candidates), default=None)
        return [agency for agency in candidates if precision(agency) == best]


class Agency(models.Model):
    """A perangkat daerah (regional agency) that proposes and carries out quick wins."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=64)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=AgencyKind.choices)
    is_active = models.BooleanField(_("active"), default=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        indexes = [
            # Drop-downs list every active agency in this order (5,000 in a national rollout).
            models.Index(fields=["name"], name="agency_name"),
            # The boards' default order starts with the agency's abbreviation: page 1 walks
            # agencies in order and stops after one page of their quick wins.
            models.Index(fields=["abbreviation"], name="agency_abbreviation"),
        ]

    def __str__(self):
        return self.abbreviation or self.name

    @property
    def label(self):
        """How the agency type-ahead suggests and shows an agency: "ABBR — Full name"."""
        if self.abbreviation and self.abbreviation != self.name:
            return f"{self.abbreviation}{LABEL_SEPARATOR}{self.name}"
        return self.name


class Role(models.TextChoices):
    AGENCY_OPERATOR = "agency_operator", _("Agency operator")
    AGENCY_HEAD = "agency_head", _("Agency head")
    REVIEWER = "reviewer", _("Reviewer")
    BUREAU_ADMIN = "bureau_admin", _("Bureau admin")
    LEADERSHIP = "leadership", _("Leadership")


# Each role is a boolean column: a user may hold several, every check is a plain attribute
# read (no query), and the database enforces that agency roles come with an agency.
ROLE_FIELDS = {
    Role.AGENCY_OPERATOR: "is_agency_operator",
    Role.AGENCY_HEAD: "is_agency_head",
    Role.REVIEWER: "is_reviewer",
    Role.BUREAU_ADMIN: "is_bureau_admin",
    Role.LEADERSHIP: "is_leadership",
}


class UserQuerySet(models.QuerySet):
    def with_role(self, role):
        return self.filter(**{ROLE_FIELDS[Role(role)]: True}, is_active=True)

    def of_agency(self, agency):
        return self.filter(agency=agency, is_active=True)


class AccountManager(UserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True


class User(AbstractUser):
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    position = models.CharField(_("position"), max_length=255, blank=True)
    is_agency_operator = models.BooleanField(_("agency operator"), default=False)
    is_agency_head = models.BooleanField(_("agency head"), default=False)
    is_reviewer = models.BooleanField(_("reviewer"), default=False)
    is_bureau_admin = models.BooleanField(_("bureau admin"), default=False)
    is_leadership = models.BooleanField(_("leadership"), default=False)

    objects = AccountManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="agency_roles_require_agency",
                condition=(
                    Q(agency__isnull=False) | Q(is_agency_operator=False, is_agency_head=False)
                ),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def roles(self):
        return [role for role, field in ROLE_FIELDS.items() if getattr(self, field)]

    @property
    def role_labels(self):
        return [role.label for role in self.roles]

    @property
    def is_agency_user(self):
        return self.agency_id is not None and (self.is_agency_operator or self.is_agency_head)

    @property
    def is_bureau_staff(self):
        return self.is_reviewer or self.is_bureau_admin

    def has_role(self, role):
        return getattr(self, ROLE_FIELDS[Role(role)])


class AuditEntry(models.Model):
    """One change that has no record of its own elsewhere (rubric edits, role changes,
    round dates). Append-only: saved once, never changed or deleted by the application."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=32)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.PositiveBigIntegerField(_("object id"))
    object_repr = models.CharField(_("object"), max_length=300)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries are append-only.")
