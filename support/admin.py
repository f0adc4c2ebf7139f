from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from audit.models import AuditAction
from audit.services import audit_record, created
from support.models import Regime, RegimeRule

RULE_FIELDS = (
    "regime",
    "legal_basis",
    "legal_article",
    "valid_from",
    "valid_to",
    "province",
    "eligible_groups",
    "amount_kind",
    "amount_vnd",
    "max_days",
    "one_off",
    "poor_household_required",
    "age_under",
    "application_required",
    "providing_agency_type",
    "figure_unconfirmed",
    "conditions",
)


class RegimeRuleInline(admin.TabularInline):
    """Rule versions at a glance; they are edited on their own page, where every check runs."""

    model = RegimeRule
    extra = 0
    show_change_link = True
    can_delete = False
    fields = ("legal_basis", "legal_article", "valid_from", "valid_to", "province", "amount_kind", "amount_vnd")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Regime)
class RegimeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "name_en", "sort_order"]
    inlines = [RegimeRuleInline]


@admin.register(RegimeRule)
class RegimeRuleAdmin(admin.ModelAdmin):
    """Bad data (negative amounts, reversed dates, per-day without days, overlaps) is refused by the model's clean()."""

    list_display = [
        "regime",
        "legal_basis",
        "legal_article",
        "valid_from",
        "valid_to",
        "province",
        "amount_kind",
        "amount_vnd",
        "figure_unconfirmed",
    ]
    list_filter = ["regime", "amount_kind", "figure_unconfirmed"]
    raw_id_fields = ["province"]
    fields = RULE_FIELDS

    def save_model(self, request: HttpRequest, obj: RegimeRule, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,  # type: ignore[arg-type]
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            verb="regime_rule_admin_change" if change else "regime_rule_admin_add",
            target=obj,
            changes={name: str(form.cleaned_data.get(name)) for name in form.changed_data}
            if change
            else created(obj, list(RULE_FIELDS)),
        )
