"""The audit trail in the admin: read-only, since the trail is append-only."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["sequence", "occurred_at", "actor", "action", "verb", "object_type", "object_id"]
    list_filter = ["action"]
    list_select_related = ["actor"]
    search_fields = ["verb", "object_id", "actor__username"]
    ordering = ["-sequence"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
