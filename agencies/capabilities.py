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
# Names (hide-name mode, docs/permissions.md): roles whose work needs the person's name see it;
# the others (readers, inspectors, ministry) see the case code instead.
PERSON_NAME_VIEW = "person.name_view"
# A person's own data exported or corrected at their request, scoped like case.edit (docs/privacy.md).
SUBJECT_ACCESS = "person.subject_access"
PRIVACY_MANAGE = "privacy.manage"  # breach records and the retention schedule
# Merge two records of the same person, undo a merge, mark a pair as different people (docs/matching.md);
# needs case.edit on every case of both persons as well.
PERSON_MERGE = "person.merge"
# Community programmes (docs/programmes.md): border guards record the sessions of their own agency only.
PROGRAMME_VIEW = "programme.view"  # peer groups, loans and awareness sessions of the agency's area
PROGRAMME_MANAGE = "programme.manage"  # record groups and sessions
LOAN_MANAGE = "loan.manage"  # record loans, repayments and write-offs
# Trainings, inspections, reviews (docs/oversight.md): oversight/policies.py says which agencies
# keep which records; inspection findings are internal, not for the ministry.
OVERSIGHT_VIEW = "oversight.view"
OVERSIGHT_MANAGE = "oversight.manage"

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
        PERSON_NAME_VIEW,
    }
)
_PROGRAMME_WORK = frozenset({PROGRAMME_VIEW, PROGRAMME_MANAGE, LOAN_MANAGE})

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.PROVINCIAL_COORDINATOR: _CASEWORK
    | _PROGRAMME_WORK
    | {REFERRAL_CONSENT_OVERRIDE, SUPPORT_LIMIT_EXCEPTION, SUBJECT_ACCESS, OVERSIGHT_VIEW, OVERSIGHT_MANAGE}
    | {PERSON_MERGE},
    Role.COMMUNE_OFFICER: (_CASEWORK - {SUPPORT_DECIDE}) | _PROGRAMME_WORK,
    Role.POLICE_OFFICER: frozenset({VERIFICATION_ANSWER, PERSON_NAME_VIEW}),
    Role.BORDER_GUARD: frozenset({CASE_CREATE, PERSON_NAME_VIEW, PROGRAMME_MANAGE}),
    Role.WOMENS_UNION_OFFICER: frozenset({REFERRAL_RESPOND, PERSON_NAME_VIEW}) | _PROGRAMME_WORK,
    Role.SERVICE_PROVIDER: frozenset({REFERRAL_RESPOND, PERSON_NAME_VIEW}),
    Role.CASE_VIEWER: frozenset({CASE_VIEW, STATISTICS_VIEW, PROGRAMME_VIEW, OVERSIGHT_VIEW}),
    Role.MINISTRY_VIEWER: frozenset({STATISTICS_VIEW, OVERSIGHT_VIEW}),
    Role.INSPECTOR: frozenset(
        {CASE_VIEW, AUDIT_VIEW, STATISTICS_VIEW, PROGRAMME_VIEW, OVERSIGHT_VIEW, OVERSIGHT_MANAGE, PRIVACY_MANAGE}
    ),
    Role.SYSTEM_ADMIN: frozenset({REFERENCE_DATA_MANAGE, PRIVACY_MANAGE}),
}
