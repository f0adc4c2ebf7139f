from django.utils.translation import gettext_lazy as _

from core.errors import ErrorCode

DATE_IN_FUTURE = ErrorCode("oversight.date_in_future", _("%(field)s cannot be in the future."))
DATES_REVERSED = ErrorCode("oversight.dates_reversed", _("The last day cannot be before the first day."))
PERIOD_REVERSED = ErrorCode("oversight.period_reversed", _("The end of the period must be after its start."))
UNIT_OUTSIDE_AREA = ErrorCode("oversight.unit_outside_area", _("This unit is outside the area of your agency."))
UNIT_NOT_IN_FORCE = ErrorCode(
    "oversight.unit_not_in_force",
    _("This administrative unit did not exist on %(date)s; choose the unit of that time."),
)
AGENCY_OUTSIDE_AREA = ErrorCode(
    "oversight.agency_outside_area", _("%(agency)s does not work in the area of this record.")
)
TEXT_REQUIRED = ErrorCode("oversight.text_required", _("%(field)s cannot be empty."))
AMOUNT_NEGATIVE = ErrorCode("oversight.amount_negative", _("An amount cannot be negative."))
PARTICIPANTS_NEGATIVE = ErrorCode(
    "oversight.participants_negative", _("The number of participants cannot be negative.")
)
DUE_BEFORE_INSPECTION = ErrorCode(
    "oversight.due_before_inspection", _("The due date cannot be before the inspection (%(date)s).")
)
FOLLOW_UP_BEFORE_INSPECTION = ErrorCode(
    "oversight.follow_up_before_inspection", _("A follow-up cannot be dated before the inspection (%(date)s).")
)
RECOMMENDATION_CLOSED = ErrorCode(
    "oversight.recommendation_closed", _("This recommendation is %(status)s; its follow-up is finished.")
)
STATUS_UNCHANGED_WITHOUT_NOTE = ErrorCode(
    "oversight.status_unchanged_without_note", _("Change the status or write what was done.")
)
STATUS_INVALID = ErrorCode(
    "oversight.status_invalid", _("Choose a follow-up status: not started, in progress, done or no longer required.")
)
REVIEW_KIND_INVALID = ErrorCode("oversight.review_kind_invalid", _("Choose an interim or a final review."))
FIGURE_LABEL_REQUIRED = ErrorCode("oversight.figure_label_required", _("Name the indicator of the figure."))
FIGURE_NEGATIVE = ErrorCode("oversight.figure_negative", _("A figure cannot be negative."))
FIGURE_COMPUTED = ErrorCode(
    "oversight.figure_computed", _("This figure is computed from the records; it cannot be changed by hand.")
)
