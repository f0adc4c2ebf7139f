"""The records the authorisation matrix points its URLs at, built once per test through the services.

Three cases, each with the same set of records hanging off it (a verification request still
waiting for an answer, a support decision, an application, a scanned document, a referral to
an agency that uses the system and one to an agency that does not):

- ``own``: a case of Hải Phòng, the home province of the personas. Its person was received
  at the border by the border guards; its verification request went to a commune police
  station and its referral to a hospital, so that nothing of it is addressed to the agency
  of any persona.
- ``other``: the same in Quảng Ninh, opened by the outsider (a coordinator of Quảng Ninh).
- ``addressed``: a Hải Phòng case whose verification request went to the provincial police
  of the personas and which was referred to the Women's Union and to the legal aid centre:
  what those agencies reach because something was addressed to them.

Every person carries distinctive personal values (``PersonValues``) so that tests can look
for them in pages that must not show them.
"""

import datetime
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone

from agencies.models import Agency, AgencyType, Membership, Role, User
from cases.models import (
    Case,
    ConsentScope,
    Document,
    DocumentKind,
    IntakeChannel,
    VerificationOutcome,
    VerificationRequest,
)
from cases.services import (
    case_open,
    consent_record,
    document_upload,
    verification_request_answer,
    verification_request_send,
)
from core.testing.personas import PASSWORD, Personas
from geo.models import AdminUnit, Level, Scheme
from imports.models import ImportBatch
from imports.tests.matrix_records import import_batch_record
from oversight.models import Inspection, Recommendation, Review, ReviewFigure, TrainingCourse
from oversight.tests.matrix_records import oversight_records, provincial_inspector
from privacy.models import DataCategory, RetentionRule
from privacy.services import breach_report_create
from programmes.models import Loan, PeerGroup
from programmes.tests.matrix_records import programme_records
from support.models import Referral, Regime, SupportApplication, SupportDecision
from support.services import referral_send, support_application_record, support_decision_record

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

RECEIVED_ON = datetime.date(2025, 9, 2)
VERIFICATION_SENT_ON = datetime.date(2025, 9, 3)
DECIDED_ON = datetime.date(2025, 9, 5)
FILED_ON = datetime.date(2025, 9, 10)
REFERRED_ON = datetime.date(2025, 9, 12)


@dataclass(frozen=True)
class PersonValues:
    """What is known of a person, as the pages would print it."""

    full_name: str
    birth_date: datetime.date
    identity_number: str
    phone: str
    address_detail: str

    def shown(self) -> dict[str, str]:
        """Each personal field and the text a page would contain if it showed it."""
        return {
            "full_name": self.full_name,
            "birth_date": self.birth_date.strftime("%d/%m/%Y"),
            "identity_number": self.identity_number,
            "phone": self.phone,
            "address_detail": self.address_detail,
        }


OWN_PERSON = PersonValues(
    "Phạm Thị Hồng Nhung", datetime.date(1997, 3, 14), "031197004321", "0912 404 771", "Thôn Đông Tạ"
)
OTHER_PERSON = PersonValues(
    "Vũ Thị Thu Trang", datetime.date(1996, 11, 23), "022196008765", "0987 615 223", "Khu Hòn Gai 7"
)
ADDRESSED_PERSON = PersonValues(
    "Đỗ Thị Minh Khuê", datetime.date(1999, 7, 8), "031199005566", "0903 218 664", "Xóm Bến Đò"
)


@dataclass
class Records:
    """One case and what hangs off it; the matrix names these attributes as the targets of its rows."""

    case: Case
    verification: VerificationRequest  # waiting for the police's answer
    decision: SupportDecision
    application: SupportApplication  # pending
    document: Document
    referral: Referral  # to an agency that uses the system
    offline_referral: Referral  # to an agency that does not: it has a printed slip
    person: PersonValues
    # Oversight records of the case's province (oversight/tests/matrix_records.py); they do not hang off the case.
    training: TrainingCourse | None = None
    inspection: Inspection | None = None
    recommendation: Recommendation | None = None
    review: Review | None = None
    figure: ReviewFigure | None = None
    # Programme records of the case's commune (programmes/tests/matrix_records.py); they do not hang off the case.
    group: PeerGroup | None = None
    loan: Loan | None = None
    # An import batch of the case's area, uploaded by a commune officer there (imports/tests/matrix_records.py).
    import_batch: ImportBatch | None = None


@dataclass
class World:
    personas: Personas
    users: dict[str, User]  # role of the matrix -> the user who plays it
    own: Records
    other: Records
    addressed: Records
    addressed_referrals: dict[str, Referral]  # role -> the referral addressed to its agency
    installation: dict[str, models.Model] = field(default_factory=dict)  # records of no area, by matrix target

    def addressed_to(self, role: str) -> Records:
        """The ``addressed`` records as the role reaches them: its referral is the one addressed to its agency."""
        referral = self.addressed_referrals.get(role, self.addressed.referral)
        return Records(**{**vars(self.addressed), "referral": referral})


def _agency(code: str, name: str, agency_type: str, unit: AdminUnit, **extra: object) -> Agency:
    return Agency.objects.create(code=code, name=name, agency_type=agency_type, unit=unit, **extra)


def _user(username: str, agency: Agency, role: str) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD)
    Membership.objects.create(user=user, agency=agency, role=role)
    return user


def _records(
    *,
    opener: User,
    coordinator: User,
    home_unit: AdminUnit,
    responsible: Agency,
    person: PersonValues,
    police: Agency,
    police_officer: User,
    receivers: list[Agency],
    offline: Agency,
) -> tuple[Records, list[Referral]]:
    """A case opened by ``opener`` and, through ``coordinator``, every kind of record the matrix needs."""
    case = case_open(
        actor=opener,
        channel=IntakeChannel.BORDER_RECEPTION,
        received_on=RECEIVED_ON,
        home_unit=home_unit,
        responsible_agency=responsible,
        full_name=person.full_name,
        birth_date=person.birth_date,
        sex="female",
        identity_number=person.identity_number,
        phone=person.phone,
        address_detail=person.address_detail,
    )
    # Identified by the police (support needs it), then asked again: the second request waits for an answer.
    first = verification_request_send(actor=coordinator, case=case, police_agency=police, sent_on=VERIFICATION_SENT_ON)
    verification_request_answer(
        actor=police_officer,
        request=first,
        outcome=VerificationOutcome.IDENTIFIED,
        answered_on=VERIFICATION_SENT_ON,
        certifying_document="Giấy xác nhận số 17/GXN",
        expected_version=first.version,
    )
    verification = verification_request_send(actor=coordinator, case=case, police_agency=police, sent_on=DECIDED_ON)
    case.refresh_from_db()
    decision = support_decision_record(
        actor=coordinator,
        case=case,
        regime=Regime.objects.get(code="medical"),
        decided_on=DECIDED_ON,
        amount_vnd=1_500_000,
    )
    application = support_application_record(
        actor=coordinator, case=case, regimes=[Regime.objects.get(code="initial_hardship")], filed_on=FILED_ON
    )
    document = document_upload(
        actor=coordinator,
        case=case,
        kind=DocumentKind.APPLICATION,
        uploaded_file=SimpleUploadedFile("Đơn đề nghị.pdf", PDF),
    )
    referrals = []
    for agency in [*receivers, offline]:
        consent_record(
            actor=coordinator,
            case=case,
            scope=ConsentScope.SHARING,
            agency=agency,
            granted=True,
            recorded_on=RECEIVED_ON,
        )
        referrals.append(
            referral_send(
                actor=coordinator,
                case=case,
                to_agency=agency,
                sent_on=REFERRED_ON,
                regime=Regime.objects.get(code="legal_aid"),
            )
        )
    case.refresh_from_db()
    records = Records(
        case=case,
        verification=verification,
        decision=decision,
        application=application,
        document=document,
        referral=referrals[0],
        offline_referral=referrals[-1],
        person=person,
    )
    return records, referrals[:-1]


def _quang_ninh_commune(quang_ninh: AdminUnit) -> AdminUnit:
    commune = (
        AdminUnit.objects.filter(scheme=Scheme.CURRENT, level=Level.COMMUNE, parent=quang_ninh).order_by("code").first()
    )
    assert commune is not None, "administrative units are not loaded"
    return commune


def _admin_samples(world_admin: User) -> None:
    """One row for each admin model that has none yet in a test database (sign-in throttling records)."""
    fields = {"user_agent": "pytest", "ip_address": "192.0.2.1", "username": "nobody", "http_accept": "*/*"}
    AccessAttempt.objects.create(**fields, path_info="/", get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**fields, path_info="/")
    AccessFailureLog.objects.create(**fields, path_info="/")
    Group.objects.create(name="Không dùng")  # the admin shows groups; roles come from memberships


def build_world(personas: Personas) -> World:
    p = personas
    # The system administrator administers the site as in a deployment (core/demo/users.py): a superuser.
    p.admin.is_superuser = True
    p.admin.save(update_fields=["is_superuser"])
    inspectorate = _agency("hp-thanh-tra", "Thanh tra thành phố Hải Phòng", AgencyType.INSPECTION, p.hai_phong)
    inspector = _user("thanhtra", inspectorate, Role.INSPECTOR)
    commune_police = _agency("hp-cong-an-xa", f"Công an {p.commune.name}", AgencyType.POLICE, p.commune)
    commune_police_officer = _user("congan-xa", commune_police, Role.POLICE_OFFICER)
    hospital = _agency("hp-benh-vien", "Bệnh viện Việt Tiệp", AgencyType.HEALTH, p.hai_phong)
    school = _agency(
        "hp-truong-nghe", "Trường Trung cấp nghề Kiến Thụy", AgencyType.SCHOOL, p.hai_phong, uses_system=False
    )
    qn_social = p.outsider.memberships.get().agency
    qn_police = _agency("qn-cong-an", "Công an tỉnh Quảng Ninh", AgencyType.POLICE, p.quang_ninh)
    qn_police_officer = _user("congan-qn", qn_police, Role.POLICE_OFFICER)
    qn_union = _agency("qn-hoi-phu-nu", "Hội Liên hiệp Phụ nữ tỉnh Quảng Ninh", AgencyType.WOMENS_UNION, p.quang_ninh)
    qn_school = _agency(
        "qn-truong-nghe", "Trường Cao đẳng nghề Hạ Long", AgencyType.SCHOOL, p.quang_ninh, uses_system=False
    )

    own, _ = _records(
        opener=p.border_guard,
        coordinator=p.coordinator,
        home_unit=p.commune,
        responsible=p.social_agency,
        person=OWN_PERSON,
        police=commune_police,
        police_officer=commune_police_officer,
        receivers=[hospital],
        offline=school,
    )
    other, _ = _records(
        opener=p.outsider,
        coordinator=p.outsider,
        home_unit=_quang_ninh_commune(p.quang_ninh),
        responsible=qn_social,
        person=OTHER_PERSON,
        police=qn_police,
        police_officer=qn_police_officer,
        receivers=[qn_union],
        offline=qn_school,
    )
    addressed, (to_union, to_legal_aid) = _records(
        opener=p.coordinator,
        coordinator=p.coordinator,
        home_unit=p.commune,
        responsible=p.social_agency,
        person=ADDRESSED_PERSON,
        police=p.police_agency,
        police_officer=p.police_officer,
        receivers=[p.womens_union, p.legal_aid],
        offline=school,
    )
    hai_phong_oversight = oversight_records(
        coordinator=p.coordinator,
        inspector=inspector,
        province=p.hai_phong,
        commune=p.commune,
        inspected=p.commune_committee,
    )
    quang_ninh_oversight = oversight_records(
        coordinator=p.outsider,
        inspector=provincial_inspector(p.quang_ninh, "qn"),
        province=p.quang_ninh,
        commune=_quang_ninh_commune(p.quang_ninh),
        inspected=qn_social,
    )
    for records, oversight in (
        (own, hai_phong_oversight),
        (addressed, hai_phong_oversight),
        (other, quang_ninh_oversight),
    ):
        vars(records).update(vars(oversight))
    hai_phong_programmes = programme_records(officer=p.womens_union_officer, commune=p.commune)
    quang_ninh_programmes = programme_records(officer=p.outsider, commune=_quang_ninh_commune(p.quang_ninh))
    for records, programmes in (
        (own, hai_phong_programmes),
        (addressed, hai_phong_programmes),
        (other, quang_ninh_programmes),
    ):
        vars(records).update(vars(programmes))
    hai_phong_batch = import_batch_record(officer=p.commune_officer, sender=p.police_agency, commune=p.commune)
    quang_ninh_batch = import_batch_record(
        officer=p.outsider, sender=qn_police, commune=_quang_ninh_commune(p.quang_ninh)
    )
    own.import_batch = addressed.import_batch = hai_phong_batch
    other.import_batch = quang_ninh_batch
    _admin_samples(p.admin)
    retention_rule = RetentionRule.objects.order_by("record_type", "valid_from").first()  # from a migration
    assert retention_rule is not None
    installation: dict[str, models.Model] = {
        "retention_rule": retention_rule,
        "breach_report": breach_report_create(
            actor=p.admin,
            discovered_at=timezone.now() - datetime.timedelta(hours=5),
            description="Máy tính xách tay của cán bộ bị mất",
            data_categories=[DataCategory.IDENTITY],
        ),
    }
    users = {
        role: getattr(p, role)
        for role in (
            "coordinator",
            "commune_officer",
            "reader",
            "border_guard",
            "police_officer",
            "womens_union_officer",
            "legal_aid_officer",
            "outsider",
            "ministry",
            "admin",
        )
    }
    users["inspector"] = inspector
    return World(
        personas=p,
        users=users,
        own=own,
        other=other,
        addressed=addressed,
        addressed_referrals={"womens_union_officer": to_union, "legal_aid_officer": to_legal_aid},
        installation=installation,
    )


def admin_sample(model: type[models.Model]) -> models.Model | None:
    """An instance of ``model`` for the admin's object pages (the first by primary key), or None."""
    return model._default_manager.order_by("pk").first()
