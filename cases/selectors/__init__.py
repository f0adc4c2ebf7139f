"""Reads of cases, one module per part of the procedure; each starts from a policy queryset."""

from cases.selectors.case_page import CasePage, case_page
from cases.selectors.cases import (
    CaseFilters,
    case_for_action,
    case_get,
    case_list_visible,
    case_search,
    case_totals_by_status,
    possible_duplicates,
)
from cases.selectors.documents import ChecklistItem, document_get, dossier_checklist
from cases.selectors.identification import verification_inbox, verifications_overdue

__all__ = [
    "CaseFilters",
    "CasePage",
    "ChecklistItem",
    "case_for_action",
    "case_get",
    "case_list_visible",
    "case_page",
    "case_search",
    "case_totals_by_status",
    "document_get",
    "dossier_checklist",
    "possible_duplicates",
    "verification_inbox",
    "verifications_overdue",
]
