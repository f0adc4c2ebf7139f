"""Data the support tests build on top of the shared personas."""

import datetime

from agencies.models import Agency, AgencyType, Membership, Role, User
from cases.models import Case, ConsentScope, VerificationOutcome
from cases.services import consent_record, verification_request_answer, verification_request_send
from support.models import Referral
from support.services import referral_send


def identified_case(personas, *, received_on=datetime.date(2025, 9, 2), home_unit=None, **overrides) -> Case:
    """A case whose person the police identified as a victim on ``received_on``."""
    case = personas.case_in_hai_phong(received_on=received_on, home_unit=home_unit or personas.commune, **overrides)
    request = verification_request_send(
        actor=personas.coordinator, case=case, police_agency=personas.police_agency, sent_on=received_on
    )
    verification_request_answer(
        actor=personas.police_officer,
        request=request,
        outcome=VerificationOutcome.IDENTIFIED,
        answered_on=received_on,
        certifying_document="Giấy xác nhận số 1/GXN",
        expected_version=request.version,
    )
    case.refresh_from_db()
    return case


def consent_to_share(personas, case: Case, agency: Agency, *, on=datetime.date(2025, 9, 2), granted=True) -> None:
    consent_record(
        actor=personas.coordinator,
        case=case,
        scope=ConsentScope.SHARING,
        agency=agency,
        granted=granted,
        recorded_on=on,
    )


def offline_agency(personas, *, code="hp-truong-nghe", name="Trường Trung cấp nghề Kiến Thụy") -> Agency:
    """A vocational school that does not use the system: it gets printed slips."""
    return Agency.objects.create(
        code=code, name=name, agency_type=AgencyType.SCHOOL, unit=personas.hai_phong, uses_system=False
    )


def health_facility_officer(personas) -> User:
    """A service provider of a health facility that uses the system (a second receiving agency)."""
    agency = Agency.objects.create(
        code="hp-benh-vien", name="Bệnh viện Việt Tiệp", agency_type=AgencyType.HEALTH, unit=personas.hai_phong
    )
    user = User.objects.create_user(username="benhvien", password="Mat-khau-thu-nghiem-2025")
    Membership.objects.create(user=user, agency=agency, role=Role.SERVICE_PROVIDER)
    return user


def sent_referral(personas, case: Case, agency: Agency, *, sent_on=datetime.date(2025, 9, 3), **extra) -> Referral:
    consent_to_share(personas, case, agency)
    return referral_send(actor=personas.coordinator, case=case, to_agency=agency, sent_on=sent_on, **extra)
