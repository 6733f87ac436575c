"""The admin base every app's read-only registrations share.

Django admin is for support staff looking things up. Rows whose writes must go through a
service (a status through `transition()`, a review through `save_review()`, a report through
monitoring's services: they check rights and state, write the audit trail and send the
signals) are shown read-only, so the admin can never bypass those rules.
"""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
