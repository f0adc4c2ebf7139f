"""What each role may do. Capabilities are named here and nowhere else.

A capability says *what* a user may do; the agency of the membership that grants it
says *where* (see agencies.policies and each app's policies module).
"""

from agencies.models import Role

CASE_VIEW = "case.view"  # read a case and the person's identity
CASE_CREATE = "case.create"  # record an intake, open a case
CASE_EDIT = "case.edit"  # change case data, consent, close or reopen
VERIFICATION_SEND = "verification.send"
VERIFICATION_ANSWER = "verification.answer"  # police: only what verification needs
SUPPORT_DECIDE = "support.decide"
SUPPORT_DELIVER = "support.deliver"
REFERRAL_SEND = "referral.send"
REFERRAL_RESPOND = "referral.respond"  # accept, decline, record delivery of referrals received
REFERRAL_CONSENT_OVERRIDE = "referral.consent_override"  # send without consent to share, with a written reason
# Accept an application for support filed after its legal time limit, with a written reason.
SUPPORT_LIMIT_EXCEPTION = "support.limit_exception"
FOLLOW_UP_RECORD = "follow_up.record"
STATISTICS_VIEW = "statistics.view"  # aggregate figures, never a name
AUDIT_VIEW = "audit.view"
REFERENCE_DATA_MANAGE = "reference_data.manage"  # units, agencies, regimes and provincial rates, users

_CASEWORK = frozenset(
    {
        CASE_VIEW,
        CASE_CREATE,
        CASE_EDIT,
        VERIFICATION_SEND,
        SUPPORT_DECIDE,
        SUPPORT_DELIVER,
        REFERRAL_SEND,
        FOLLOW_UP_RECORD,
        STATISTICS_VIEW,
    }
)

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.PROVINCIAL_COORDINATOR: _CASEWORK | {REFERRAL_CONSENT_OVERRIDE, SUPPORT_LIMIT_EXCEPTION},
    Role.COMMUNE_OFFICER: _CASEWORK - {SUPPORT_DECIDE},
    Role.POLICE_OFFICER: frozenset({VERIFICATION_ANSWER}),
    Role.BORDER_GUARD: frozenset({CASE_CREATE}),
    Role.WOMENS_UNION_OFFICER: frozenset({REFERRAL_RESPOND}),
    Role.SERVICE_PROVIDER: frozenset({REFERRAL_RESPOND}),
    Role.CASE_VIEWER: frozenset({CASE_VIEW, STATISTICS_VIEW}),
    Role.MINISTRY_VIEWER: frozenset({STATISTICS_VIEW}),
    Role.INSPECTOR: frozenset({CASE_VIEW, AUDIT_VIEW, STATISTICS_VIEW}),
    Role.SYSTEM_ADMIN: frozenset({REFERENCE_DATA_MANAGE}),
}
