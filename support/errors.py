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

# --- Rule data (admin and provincial-rate form) ---------------------------------------------------
RULE_PERIOD_REVERSED = ErrorCode("support.rule_period_reversed", _("“Valid to” cannot be before “valid from”."))
RULE_AMOUNT_MISSING = ErrorCode("support.rule_amount_missing", _("A fixed or daily amount needs its amount in đồng."))
RULE_AMOUNT_IN_KIND = ErrorCode(
    "support.rule_amount_in_kind", _("Support in kind or a service has no amount: leave the amount empty.")
)
RULE_MAX_DAYS_MISSING = ErrorCode(
    "support.rule_max_days_missing", _("An amount per day needs the maximum number of days it is paid for.")
)
RULE_MAX_DAYS_POSITIVE = ErrorCode(
    "support.rule_max_days_positive", _("The maximum number of days must be at least 1.")
)
RULE_GROUPS_INVALID = ErrorCode(
    "support.rule_groups_invalid", _("Choose at least one eligible group among those the law names.")
)
RULE_OVERLAP = ErrorCode(
    "support.rule_overlap",
    _(
        "This period overlaps the rule “%(other)s” (%(start)s – %(end)s) of the same regime and scope. "
        "End that rule the day before, or change the dates."
    ),
)
RULE_NOT_A_PROVINCE = ErrorCode("support.rule_not_a_province", _("A provincial rate is set for a province."))
RULE_NO_NATIONAL_RULE = ErrorCode(
    "support.rule_no_national_rule",
    _("No national rule of this regime is in force on %(date)s: a provincial rate overrides a national one."),
)
RULE_SPANS_NATIONAL_CHANGE = ErrorCode(
    "support.rule_spans_national_change",
    _(
        "The national rule of this regime changes on %(date)s: end the provincial rate by %(end)s "
        "and add another one for the new rule."
    ),
)
RULE_LEGAL_BASIS_REQUIRED = ErrorCode(
    "support.rule_legal_basis_required", _("Give the legal basis: the number of the resolution or document.")
)

# --- Deciding under a rule's conditions ----------------------------------------------------------------
POOR_HOUSEHOLD_REQUIRED = ErrorCode(
    "support.poor_household_required",
    _("This regime is only for poor households: confirm that the person's household is on the poor-household list."),
)
AGE_OVER_LIMIT = ErrorCode(
    "support.age_over_limit", _("This regime is for people under %(age)s years old on the decision date.")
)
AGE_UNKNOWN = ErrorCode(
    "support.age_unknown",
    _("This regime is for people under %(age)s years old: record the person's date of birth to check it."),
)
APPLICATION_DATE_REQUIRED = ErrorCode(
    "support.application_date_required", _("This regime is granted on an application: enter the date it was filed.")
)
CERTIFIED_ON_REQUIRED = ErrorCode(
    "support.certified_on_required",
    _("Enter the date of the document certifying the person as a victim: the filing time limit counts from it."),
)
APPLICATION_AFTER_DECISION = ErrorCode(
    "support.application_after_decision", _("The application cannot be filed after the decision date.")
)
APPLICATION_BEFORE_CERTIFICATION = ErrorCode(
    "support.application_before_certification",
    _("The certifying document cannot be dated after the application was filed."),
)
APPLICATION_LATE = ErrorCode(
    "support.application_late",
    _(
        "The application was filed after its time limit (%(deadline)s). Only an authorised officer can accept it, "
        "with a written reason."
    ),
)

# --- Applications for support ----------------------------------------------------------------------
APPLICATION_REGIMES_REQUIRED = ErrorCode(
    "support.application_regimes_required", _("Choose at least one regime the application asks for.")
)
APPLICATION_NOT_NEEDED = ErrorCode(
    "support.application_not_needed",
    _("“%(regime)s” is not granted on an application under the rule in force on %(date)s."),
)
APPLICATION_BEFORE_CASE = ErrorCode(
    "support.application_before_case", _("The application cannot be filed before the case was opened (%(date)s).")
)
APPLICATION_ALREADY_PENDING = ErrorCode(
    "support.application_already_pending",
    _("An application for “%(regime)s” filed on %(date)s is still pending for this case."),
)
APPLICATION_NOT_PENDING = ErrorCode(
    "support.application_not_pending", _("This application is %(status)s; only a pending one can be withdrawn.")
)
