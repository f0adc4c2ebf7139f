from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from agencies.models import Agency, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["agency"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "is_active", "is_staff"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "agency_type", "unit", "valid_from", "valid_to", "uses_system"]
    list_filter = ["agency_type", "uses_system"]
    search_fields = ["name", "short_name", "code"]
    raw_id_fields = ["unit", "parent", "succeeded_by"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "role", "is_active", "valid_from", "valid_to"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "agency__name"]
    raw_id_fields = ["user", "agency"]
