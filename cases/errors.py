from django.utils.translation import gettext_lazy as _

from core.errors import ErrorCode

CASE_CLOSED = ErrorCode("case.closed", _("This case is closed. Reopen it before changing it."))
CASE_ALREADY_OPEN = ErrorCode("case.already_open", _("This case is already open."))
DATE_IN_FUTURE = ErrorCode("case.date_in_future", _("%(field)s cannot be in the future."))
DATE_BEFORE_OPENING = ErrorCode("case.date_before_opening", _("%(field)s cannot be before the case was opened."))
UNIT_NOT_COMMUNE = ErrorCode("case.unit_not_commune", _("The home unit must be a commune or ward."))
UNIT_NOT_IN_FORCE = ErrorCode(
    "case.unit_not_in_force", _("This administrative unit did not exist on %(date)s; choose the unit of that time.")
)
AGENCY_NOT_IN_FORCE = ErrorCode("case.agency_not_in_force", _("This agency was not operating on %(date)s."))
AGENCY_NOT_POLICE = ErrorCode("case.agency_not_police", _("Verification requests go to a police agency."))
VERIFICATION_PENDING = ErrorCode(
    "case.verification_pending", _("A verification request for this case is still waiting for an answer.")
)
VERIFICATION_NOT_PENDING = ErrorCode(
    "case.verification_not_pending", _("This verification request has already been answered or cancelled.")
)
VERIFICATION_OUTCOME_INVALID = ErrorCode(
    "case.verification_outcome_invalid",
    _("Choose one of the outcomes: identified, not a victim, still being identified."),
)
CERTIFYING_DOCUMENT_REQUIRED = ErrorCode(
    "case.certifying_document_required",
    _("A person can only be identified as a victim with a certifying document (number and date)."),
)
CLOSURE_REASON_REQUIRED = ErrorCode("case.closure_reason_required", _("Choose why the case is closed."))
SHARING_NEEDS_AGENCY = ErrorCode("case.sharing_needs_agency", _("Consent to share must name the agency."))
EXPLANATION_REQUIRED = ErrorCode("case.explanation_required", _("Write the reason in a few words."))
REOPEN_BEFORE_CLOSURE = ErrorCode(
    "case.reopen_before_closure", _("A case cannot be reopened on a date before it was closed.")
)
CASE_DEIDENTIFIED = ErrorCode(
    "case.deidentified",
    _("The identity in this case was removed at the end of its retention period: open a new case instead."),
)
NEXT_VISIT_NOT_AFTER_VISIT = ErrorCode("case.next_visit_not_after_visit", _("The next visit must come after this one."))
ASSESSMENT_INCOMPLETE = ErrorCode(
    "case.assessment_incomplete", _("Choose a level for every area of the assessment, or “Not applicable”.")
)
# Dossier documents.
DOCUMENT_KIND_INVALID = ErrorCode("case.document_kind_invalid", _("Choose what kind of document this is."))
DOCUMENT_EMPTY = ErrorCode("case.document_empty", _("The file is empty. Choose the scanned file again."))
DOCUMENT_TOO_LARGE = ErrorCode(
    "case.document_too_large", _("The file is larger than %(limit)s MB. Scan it at a lower resolution or split it.")
)
DOCUMENT_TYPE_NOT_ALLOWED = ErrorCode(
    "case.document_type_not_allowed", _("Only PDF, JPEG and PNG files can be attached; this file is none of them.")
)
DOCUMENT_NAME_MISMATCH = ErrorCode(
    "case.document_name_mismatch",
    _("The file's name does not match its content: this file is a %(actual)s, so its name must end in %(extensions)s."),
)
DOCUMENT_DAMAGED = ErrorCode(
    "case.document_damaged",
    _("This file cannot be opened: it is missing or damaged on the server. Tell the system administrator."),
)
