"""Administrative units are loaded by ``manage.py load_admin_units``; the admin is for looking them up.

Adding and deleting are off (cases and agencies point at units; the loader owns the
list). Names and dates stay editable for an urgent correction, which the next load
overwrites with the package data.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.textfold import fold
from geo.models import AdminUnit, UnitSuccession


class _SuccessionInline(admin.TabularInline):
    model = UnitSuccession
    extra = 0
    can_delete = False
    fields = ("predecessor", "successor", "effective_on", "is_main")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class SuccessorInline(_SuccessionInline):
    fk_name = "predecessor"
    verbose_name = _("replaced by")
    verbose_name_plural = _("replaced by")


class PredecessorInline(_SuccessionInline):
    fk_name = "successor"
    verbose_name = _("replaces")
    verbose_name_plural = _("replaces")


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "scheme", "province", "current_province", "valid_from", "valid_to")
    list_filter = ("scheme", "level", "unit_type")
    search_fields = ("name", "folded_name", "code")
    list_select_related = ("province", "current_province")
    raw_id_fields = ("parent", "province", "current_province")
    readonly_fields = ("scheme", "level", "code", "folded_name", "created_at", "updated_at")
    inlines = (PredecessorInline, SuccessorInline)
    list_per_page = 50

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[AdminUnit], search_term: str
    ) -> tuple[QuerySet[AdminUnit], bool]:
        # "kien thuy" should find "Huyện Kiến Thụy" as well.
        units, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if folded := fold(search_term):
            units |= queryset.filter(folded_name__contains=folded)
        return units, may_have_duplicates

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AdminUnit | None = None) -> bool:
        return False


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ("predecessor", "successor", "effective_on", "is_main")
    list_filter = ("is_main", "effective_on", "predecessor__level")
    search_fields = ("predecessor__name", "predecessor__code", "successor__name", "successor__code")
    list_select_related = ("predecessor", "successor")
    raw_id_fields = ("predecessor", "successor")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: UnitSuccession | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: UnitSuccession | None = None) -> bool:
        return False
