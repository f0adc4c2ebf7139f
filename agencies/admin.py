"""Administration of agencies, users and memberships.

Role changes are the sensitive part: adding, changing or deleting a user or a membership
asks for the second factor again (recent_second_factor_required, with the administrators'
short window; agencies.middleware asks it for every other admin write too), and each such
change is audited as PERMISSION_CHANGE with the before → after values of the role,
agency, validity and the user's active/staff/superuser flags, groups and permissions.
"""

from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from agencies import capabilities as cap
from agencies.models import Agency, Membership, User
from agencies.policies import capabilities_of
from agencies.second_factor import recent_second_factor_required
from agencies.services import second_factor_reset
from audit.models import AuditAction
from audit.services import audit_record, created, diff, snapshot
from core.errors import DomainError

MEMBERSHIP_FIELDS = ["user", "agency", "role", "valid_from", "valid_to", "is_active"]
USER_FLAG_FIELDS = ["is_active", "is_staff", "is_superuser"]


def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The administration's sign-in page is ours: password, then the second factor, then back here."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.user.is_authenticated:
        if not admin.site.has_permission(request):
            raise PermissionDenied
        return redirect(next_url or "admin:index")
    return redirect_to_login(next_url or reverse("admin:index"), settings.LOGIN_URL)


admin.site.login = admin_login  # type: ignore[method-assign]


def admin_has_permission(request: HttpRequest) -> bool:
    """The administration is the system administrator's: the staff flag alone does not open it.

    A staff user must hold REFERENCE_DATA_MANAGE (the system administrator role); a superuser
    with no membership at all (the first account ``createsuperuser`` makes) is let in too. A
    caseworker wrongly marked staff or superuser is not (hoanhap/tests/test_authorisation_matrix.py).
    """
    user = request.user
    if not (user.is_active and user.is_staff):
        return False
    if cap.REFERENCE_DATA_MANAGE in capabilities_of(user):
        return True
    return user.is_superuser and not Membership.objects.filter(user=user).exists()


admin.site.has_permission = admin_has_permission  # type: ignore[method-assign]


def _audit_membership(request: HttpRequest, membership: Membership, before: dict[str, Any] | None) -> None:
    if before is None:
        verb, changes = "membership_create", created(membership, MEMBERSHIP_FIELDS)
    else:
        verb, changes = "membership_change", diff(membership, before)
        if not changes:
            return
        changes["for_user"] = str(membership.user_id)
    audit_record(
        actor=request.user,  # type: ignore[arg-type]
        action=AuditAction.PERMISSION_CHANGE,
        verb=verb,
        target=membership,
        changes=changes,
    )


def _audit_membership_delete(request: HttpRequest, membership: Membership) -> None:
    audit_record(
        actor=request.user,  # type: ignore[arg-type]
        action=AuditAction.PERMISSION_CHANGE,
        verb="membership_delete",
        target=membership,
        changes={"deleted": created(membership, MEMBERSHIP_FIELDS)},
    )


def _before(model: type[Model], pk: Any, fields: list[str]) -> dict[str, Any] | None:
    if pk is None:
        return None
    original = model._default_manager.filter(pk=pk).first()
    return None if original is None else snapshot(original, fields)


class RoleChangesReconfirmed:
    """Opening or sending the add, change or delete page asks for a recent second factor."""

    def add_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return recent_second_factor_required(super().add_view)(request, *args, **kwargs)  # type: ignore[misc]

    def change_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return recent_second_factor_required(super().change_view)(request, *args, **kwargs)  # type: ignore[misc]

    def delete_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return recent_second_factor_required(super().delete_view)(request, *args, **kwargs)  # type: ignore[misc]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["agency"]


@admin.register(User)
class UserAdmin(RoleChangesReconfirmed, BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "is_active", "is_staff"]
    actions = ["reset_second_factor"]

    def user_change_password(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return recent_second_factor_required(super().user_change_password)(request, *args, **kwargs)

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm, change: bool) -> None:
        before = _before(User, obj.pk, USER_FLAG_FIELDS) if change else None
        super().save_model(request, obj, form, change)
        changes = created(obj, USER_FLAG_FIELDS) if before is None else diff(obj, before)
        if changes or not change:
            audit_record(
                actor=request.user,  # type: ignore[arg-type]
                action=AuditAction.PERMISSION_CHANGE,
                verb="user_create" if not change else "user_change",
                target=obj,
                changes=changes,
            )

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        user = form.instance
        before = {
            "groups": sorted(str(pk) for pk in user.groups.values_list("pk", flat=True)),
            "user_permissions": sorted(str(pk) for pk in user.user_permissions.values_list("pk", flat=True)),
        }
        super().save_related(request, form, formsets, change)
        after = {
            "groups": sorted(str(pk) for pk in user.groups.values_list("pk", flat=True)),
            "user_permissions": sorted(str(pk) for pk in user.user_permissions.values_list("pk", flat=True)),
        }
        changes = {name: {"from": before[name], "to": after[name]} for name in before if before[name] != after[name]}
        if changes:
            audit_record(
                actor=request.user,  # type: ignore[arg-type]
                action=AuditAction.PERMISSION_CHANGE,
                verb="user_change",
                target=user,
                changes=changes,
            )

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool) -> None:
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        befores = {
            inline.instance.pk: _before(Membership, inline.instance.pk, MEMBERSHIP_FIELDS)
            for inline in formset.forms
            if inline.instance.pk is not None
        }
        for deleted in formset.deleted_forms:  # audited first: once deleted, they have no id
            if deleted.instance.pk is not None:
                _audit_membership_delete(request, deleted.instance)
        super().save_formset(request, form, formset, change)
        for membership in formset.new_objects:
            _audit_membership(request, membership, None)
        for membership, _fields in formset.changed_objects:
            _audit_membership(request, membership, befores.get(membership.pk))

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        audit_record(
            actor=request.user,  # type: ignore[arg-type]
            action=AuditAction.PERMISSION_CHANGE,
            verb="user_delete",
            target=obj,
            changes={"deleted": created(obj, USER_FLAG_FIELDS)},
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        with transaction.atomic():
            for user in queryset:
                self.delete_model(request, user)

    @admin.action(description=_("Reset two-step sign-in (lost phone): the user sets it up again"))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        done = 0
        for user in queryset:
            try:
                second_factor_reset(actor=request.user, user=user)  # type: ignore[arg-type]
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
                return
            done += 1
        self.message_user(
            request,
            ngettext(
                "Two-step sign-in was reset for %(count)d user.",
                "Two-step sign-in was reset for %(count)d users.",
                done,
            )
            % {"count": done},
            messages.SUCCESS,
        )


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "agency_type", "unit", "valid_from", "valid_to", "uses_system"]
    list_filter = ["agency_type", "uses_system"]
    search_fields = ["name", "short_name", "code"]
    raw_id_fields = ["unit", "parent", "succeeded_by"]


@admin.register(Membership)
class MembershipAdmin(RoleChangesReconfirmed, admin.ModelAdmin):
    list_display = ["user", "agency", "role", "is_active", "valid_from", "valid_to"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "agency__name"]
    raw_id_fields = ["user", "agency"]

    def save_model(self, request: HttpRequest, obj: Membership, form: ModelForm, change: bool) -> None:
        before = _before(Membership, obj.pk, MEMBERSHIP_FIELDS) if change else None
        super().save_model(request, obj, form, change)
        _audit_membership(request, obj, before)

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        _audit_membership_delete(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        with transaction.atomic():
            for membership in queryset:
                self.delete_model(request, membership)
