from django.contrib import admin

from support.models import Regime, RegimeRule


class RegimeRuleInline(admin.TabularInline):
    model = RegimeRule
    extra = 0
    raw_id_fields = ["province"]
    fields = [
        "legal_basis",
        "legal_article",
        "valid_from",
        "valid_to",
        "province",
        "amount_kind",
        "amount_vnd",
        "max_days",
    ]


@admin.register(Regime)
class RegimeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "name_en", "sort_order"]
    inlines = [RegimeRuleInline]


@admin.register(RegimeRule)
class RegimeRuleAdmin(admin.ModelAdmin):
    list_display = [
        "regime",
        "legal_basis",
        "legal_article",
        "valid_from",
        "valid_to",
        "province",
        "amount_kind",
        "amount_vnd",
    ]
    list_filter = ["regime", "amount_kind"]
    raw_id_fields = ["province"]
