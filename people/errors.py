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
