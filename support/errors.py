from django.utils.translation import gettext_lazy as _

from core.errors import ErrorCode

NO_RULE_IN_FORCE = ErrorCode("support.no_rule_in_force", _("No rule of this regime was in force on %(date)s."))
NOT_ELIGIBLE = ErrorCode(
    "support.not_eligible", _("Under the rule in force, this person is not eligible for this regime.")
)
ONE_OFF_ALREADY_DECIDED = ErrorCode(
    "support.one_off_already_decided", _("This one-off support has already been decided for this person.")
)
AMOUNT_OVER_RULE = ErrorCode("support.amount_over_rule", _("The amount exceeds what the rule allows (%(limit)s)."))
AMOUNT_NEGATIVE = ErrorCode("support.amount_negative", _("An amount cannot be negative."))
DELIVERIES_OVER_DECISION = ErrorCode(
    "support.deliveries_over_decision", _("Deliveries would exceed the amount decided (%(limit)s).")
)
DECISION_CANCELLED = ErrorCode("support.decision_cancelled", _("This decision was cancelled."))
DATE_BEFORE_DECISION = ErrorCode("support.date_before_decision", _("A delivery cannot be before its decision."))
CONSENT_TO_SHARE_MISSING = ErrorCode(
    "support.consent_to_share_missing",
    _("The person has not consented to share their data with %(agency)s."),
)
REFERRAL_SAME_AGENCY = ErrorCode("support.referral_same_agency", _("A referral goes to another agency."))
REFERRAL_WRONG_STATE = ErrorCode(
    "support.referral_wrong_state", _("This referral is %(status)s; it cannot be %(action)s now.")
)
DECLINE_REASON_REQUIRED = ErrorCode("support.decline_reason_required", _("Give the reason for declining."))
CONSENT_OVERRIDE_REASON_REQUIRED = ErrorCode(
    "support.consent_override_reason_required",
    _("Write why the referral is sent without the person's recorded consent."),
)
REFERRAL_OUTCOME_INVALID = ErrorCode(
    "support.referral_outcome_invalid", _("Choose what the agency did: accepted, declined or delivered the service.")
)
REFERRAL_DATE_BEFORE_SENT = ErrorCode(
    "support.referral_date_before_sent", _("%(field)s cannot be before the referral was sent (%(date)s).")
)
REFERRAL_DELIVERY_BEFORE_ANSWER = ErrorCode(
    "support.referral_delivery_before_answer",
    _("The delivery date cannot be before the agency accepted the referral (%(date)s)."),
)
