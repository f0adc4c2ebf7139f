from django.utils.translation import gettext_lazy as _

from core.errors import ErrorCode

RECORD_TYPE_INVALID = ErrorCode("privacy.record_type_invalid", _("Choose the kind of record the rule is about."))
PERIOD_OUT_OF_RANGE = ErrorCode("privacy.period_out_of_range", _("The period must be between 1 and 100 years."))
LEGAL_BASIS_REQUIRED = ErrorCode(
    "privacy.legal_basis_required", _("Enter the decision of the province that sets this period.")
)
RULE_DAY_TAKEN = ErrorCode(
    "privacy.rule_day_taken",
    _("This kind of record already has a rule from that day. Change that rule instead."),
)

DISCOVERED_IN_FUTURE = ErrorCode("privacy.discovered_in_future", _("The time of discovery cannot be in the future."))
DESCRIPTION_REQUIRED = ErrorCode("privacy.description_required", _("Describe what happened."))
CATEGORIES_REQUIRED = ErrorCode(
    "privacy.categories_required", _("Choose at least one category of data that may be affected.")
)
CATEGORY_INVALID = ErrorCode("privacy.category_invalid", _("Choose categories from the list."))
STATUS_INVALID = ErrorCode("privacy.status_invalid", _("Choose a status from the list."))
NOTIFIED_BEFORE_DISCOVERY = ErrorCode(
    "privacy.notified_before_discovery", _("A notification cannot be earlier than the discovery of the breach.")
)
NOTIFIED_IN_FUTURE = ErrorCode("privacy.notified_in_future", _("A notification time cannot be in the future."))
BREACH_CLOSED = ErrorCode("privacy.breach_closed", _("This report is closed and can no longer be changed."))

CORRECTION_REASON_REQUIRED = ErrorCode(
    "privacy.correction_reason_required", _("Give the reason for the correction (for example the person's request).")
)
NOTHING_CORRECTED = ErrorCode("privacy.nothing_corrected", _("Nothing was changed. Correct at least one field."))
PERSON_DEIDENTIFIED = ErrorCode(
    "privacy.person_deidentified",
    _("This person's identifying information was removed under the retention schedule; there is nothing to correct."),
)
