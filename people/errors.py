from django.utils.translation import gettext_lazy as _

from core.errors import ErrorCode

NAME_REQUIRED = ErrorCode("person.name_required", _("Enter the person's full name."))
BIRTH_DATE_IN_FUTURE = ErrorCode("person.birth_date_in_future", _("The date of birth cannot be in the future."))
BIRTH_YEAR_MISMATCH = ErrorCode("person.birth_year_mismatch", _("The year of birth does not match the date of birth."))
BIRTH_YEAR_OUT_OF_RANGE = ErrorCode(
    "person.birth_year_out_of_range", _("The year of birth must be between 1900 and this year.")
)
IDENTITY_NUMBER_INVALID = ErrorCode(
    "person.identity_number_invalid", _("An identity number has 9 or 12 digits (old ID card or citizen ID).")
)
SEARCH_TOO_SHORT = ErrorCode("person.search_too_short", _("Enter at least one word of the name to search."))
MERGE_SAME_PERSON = ErrorCode("person.merge_same_person", _("Choose two different records to merge."))
MERGE_ALREADY_MERGED = ErrorCode(
    "person.merge_already_merged", _("One of the two records has already been merged into another record.")
)
MERGE_DEIDENTIFIED = ErrorCode(
    "person.merge_deidentified", _("A record whose identity was removed cannot be merged or compared.")
)
MERGE_ALREADY_UNDONE = ErrorCode("person.merge_already_undone", _("This merge has already been undone."))
MERGE_UNDO_BLOCKED = ErrorCode(
    "person.merge_undo_blocked",
    _("The kept record has since been merged into another record: undo that merge first."),
)
ALREADY_MARKED_DIFFERENT = ErrorCode(
    "person.already_marked_different", _("These two records have already been marked as different people.")
)
