from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Agency, User


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


admin.site.site_header = _("Quick Win Administration")
admin.site.site_title = _("Quick Win")
