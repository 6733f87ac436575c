from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from . import audit
from .models import Agency, AuditEntry, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "abbreviation", "name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "abbreviation", "name"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the trail is written by the services, never edited by hand."""

    list_display = ["created_at", "actor", "action", "object_repr"]
    list_filter = ["action", "object_type"]
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.site_header = _("Quick Win Administration")
admin.site.site_title = _("Quick Win")
