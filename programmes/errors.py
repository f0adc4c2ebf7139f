from django.utils.translation import gettext_lazy as _

from core.errors import ErrorCode

DATE_IN_FUTURE = ErrorCode("programmes.date_in_future", _("%(field)s cannot be in the future."))
OUTSIDE_SCOPE = ErrorCode(
    "programmes.outside_scope", _("This place or agency is outside the area and agency you work for.")
)
NAME_REQUIRED = ErrorCode("programmes.name_required", _("Enter a name."))
BIRTH_YEAR_INVALID = ErrorCode("programmes.birth_year_invalid", _("Enter a year of birth between 1900 and this year."))

# --- Peer groups -------------------------------------------------------------------------------
GROUP_CLOSED = ErrorCode("programmes.group_closed", _("This group is closed: nothing more can be recorded in it."))
GROUP_DATE_BEFORE_FOUNDED = ErrorCode(
    "programmes.group_date_before_founded", _("%(field)s cannot be before the group was founded (%(date)s).")
)
CASE_NOT_FOUND = ErrorCode(
    "programmes.case_not_found", _("No case with this code that you may see. Check the code, e.g. 31-2025-0001.")
)
CASE_CLOSED = ErrorCode("programmes.case_closed", _("This case is closed."))
ALREADY_MEMBER = ErrorCode("programmes.already_member", _("This person is already a member of the group."))
ATTENDANCE_POSITIVE = ErrorCode("programmes.attendance_positive", _("Attendance must be at least 1."))
SOURCE_REQUIRED = ErrorCode("programmes.source_required", _("Enter where the money came from."))
TOPIC_REQUIRED = ErrorCode("programmes.topic_required", _("Enter the topic of the meeting."))
AMOUNT_POSITIVE = ErrorCode("programmes.amount_positive", _("Enter an amount greater than 0 đồng."))

# --- Loans -----------------------------------------------------------------------------------
TERM_INVALID = ErrorCode("programmes.term_invalid", _("The term is between 1 and 240 months."))
INTEREST_INVALID = ErrorCode("programmes.interest_invalid", _("Interest is between 0 and 100% a year."))
LOAN_NOT_CURRENT = ErrorCode(
    "programmes.loan_not_current", _("This loan is %(status)s: no repayment or write-off can be recorded.")
)
DATE_BEFORE_LOAN = ErrorCode(
    "programmes.date_before_loan", _("%(field)s cannot be before the loan was disbursed (%(date)s).")
)
REPAYMENT_OVER_BALANCE = ErrorCode(
    "programmes.repayment_over_balance", _("The repayment exceeds what is still owed (%(balance)s).")
)
WRITE_OFF_REASON_REQUIRED = ErrorCode(
    "programmes.write_off_reason_required", _("Give the reason for writing the loan off (decision number, cause).")
)

# --- Awareness sessions and their spreadsheet import ------------------------------------------------
ATTENDEES_POSITIVE = ErrorCode("programmes.attendees_positive", _("The number of attendees must be at least 1."))
TOPICS_REQUIRED = ErrorCode("programmes.topics_required", _("Enter the topics of the session."))
IMPORT_EMPTY = ErrorCode("programmes.import_empty", _("The spreadsheet has no rows of sessions."))
IMPORT_HAS_PROBLEMS = ErrorCode(
    "programmes.import_has_problems",
    _("%(count)s rows have problems: correct them in the spreadsheet and check it again. Nothing was imported."),
)
AUDIENCE_UNKNOWN = ErrorCode("programmes.audience_unknown", _("Choose the audience among those listed."))
COUNT_NEGATIVE = ErrorCode("programmes.count_negative", _("Counts of materials cannot be negative."))
