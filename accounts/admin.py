from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin
from core.forms import is_database_id

from . import audit
from .models import Agency, AuditEntry, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "abbreviation", "name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "abbreviation", "name"]


class IdAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget looks the submitted value up as an id when it draws a
    refused form again; a value that is no id (a tampered POST) made that a server error.
    Such a value is simply not shown as selected (the field's own error says why)."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if is_database_id(v)], attr)


class UserChangeForm(DjangoUserChangeForm):
    """The admin's user form, saying in words why agency roles need an agency (the database
    constraint would only name itself)."""

    def clean(self):
        data = super().clean()
        agency_roles = data.get("is_agency_operator") or data.get("is_agency_head")
        if agency_roles and not data.get("agency") and "agency" not in self.errors:
            self.add_error("agency", _("An agency operator or head must belong to an agency."))
        return data


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    list_display = [
        "username",
        "first_name",
        "last_name",
        "agency",
        "is_agency_operator",
        "is_agency_head",
        "is_reviewer",
        "is_bureau_admin",
        "is_leadership",
        "is_active",
    ]
    list_filter = [
        "is_agency_operator",
        "is_agency_head",
        "is_reviewer",
        "is_bureau_admin",
        "is_leadership",
        "is_active",
        "agency",
    ]
    list_select_related = ["agency"]
    autocomplete_fields = ["agency"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (
            _("Agency and roles"),
            {
                "fields": (
                    "agency",
                    "position",
                    "is_agency_operator",
                    "is_agency_head",
                    "is_reviewer",
                    "is_bureau_admin",
                    "is_leadership",
                )
            },
        ),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget", IdAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """Role, agency and account-status changes go to the audit trail with who did it."""
        before = audit.roles_of(User.objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        audit.record(
            by=request.user,
            action="user_roles" if change else "user_created",
            obj=obj,
            before=before,
            after=audit.roles_of(obj),
        )


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: the trail is written by the services, never edited by hand."""

    list_display = ["created_at", "actor", "action", "object_repr"]
    list_filter = ["action", "object_type"]
    list_select_related = ["actor"]


admin.site.site_header = _("Quick Win Administration")
admin.site.site_title = _("Quick Win")
