"""Bulk data for bench/web.py: many cases with a history, written as the services write them.

The services open one case per durable transaction, with its audit events: far too slow
for 100,000 cases. Here rows go in with ``bulk_create``, but through the same model
fields, so names and the other identity fields are encrypted by the real field
encryption, and each person gets the blind-index rows ``people.services`` would give
(``PersonNameToken`` per folded word, birth date and identity number digests). Audit
events of the seeding are not written: the pages read none.

Hải Phòng holds most cases, on the communes of the old map before 01/07/2025 and of the
new map after; a few other provinces hold the rest, so that the area scope has rows to
leave out. Dates, statuses and the records hanging off a case (intakes, consents,
verification requests, follow-up visits, assessments, referrals, decisions and
deliveries, document records, closures) vary so that the list's overdue flags and the
case page have real work to do.
"""

import datetime
import random
import secrets
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.utils import timezone

from agencies.models import Agency, AgencyType, Membership, Role, User
from agencies.services import totp_enrolment_confirm, totp_enrolment_start
from agencies.totp import code_at_step, time_step
from cases.deadlines import verification_answer_rule
from cases.models import (
    ASSESSMENT_DIMENSIONS,
    AssessmentLevel,
    Case,
    CaseStatus,
    CaseStatusChange,
    ClosureReason,
    Consent,
    ConsentScope,
    Document,
    DocumentKind,
    FollowUpVisit,
    IdentificationStatus,
    Intake,
    IntakeChannel,
    ReintegrationAssessment,
    StatusChangeKind,
    VerificationOutcome,
    VerificationRequest,
    VerificationStatus,
)
from core.textfold import fold
from geo.models import CURRENT_MAP_STARTS, AdminUnit, Level, Scheme
from people.blind_index import birth_date_digest, identity_number_digest, name_token_digests
from people.models import Person, PersonNameToken, ProtectionStatus, Sex
from support.models import (
    AmountKind,
    DecisionStatus,
    Referral,
    ReferralStatus,
    Regime,
    RegimeRule,
    SupportDecision,
    SupportDelivery,
)

HOME_PROVINCE = "31"  # Hải Phòng: the coordinator's province
# Other provinces and their share of the cases; Hải Phòng has the rest.
OTHER_PROVINCES = {"22": 0.10, "01": 0.10, "40": 0.10, "15": 0.08}
HISTORY_STARTS = datetime.date(2019, 1, 1)
OLD_DEPARTMENT_ENDS = datetime.date(2025, 2, 28)  # the labour department led until then, Health since
CHUNK = 2_000  # cases written per transaction

# Family names with their approximate share in Việt Nam: name search must cope with
# "Nguyễn" being on a third of the rows. Given names are more varied than Faker's lists.
_FAMILY_NAMES = {
    "Nguyễn": 38,
    "Trần": 11,
    "Lê": 9.5,
    "Phạm": 7,
    "Hoàng": 4,
    "Huỳnh": 1.5,
    "Phan": 4.5,
    "Vũ": 2.5,
    "Võ": 1.5,
    "Đặng": 2.1,
    "Bùi": 2,
    "Đỗ": 1.4,
    "Hồ": 1.3,
    "Ngô": 1.3,
    "Dương": 1,
    "Lý": 0.5,
    "Đinh": 0.8,
    "Lương": 0.6,
    "Trịnh": 0.6,
    "Mai": 0.5,
    "Cao": 0.5,
    "Lò": 0.4,
    "Sùng": 0.3,
    "Giàng": 0.3,
}
_FEMALE_MIDDLE = {"Thị": 70, "Thu": 5, "Ngọc": 5, "Thanh": 5, "Hồng": 4, "Minh": 3, "Kim": 3, "Phương": 2, "Bảo": 3}
_MALE_MIDDLE = {"Văn": 60, "Đức": 10, "Quang": 8, "Hữu": 7, "Xuân": 5, "Minh": 6, "Công": 4}
_FEMALE_GIVEN = (  # noqa: SIM905 - a list of words reads best as words
    "Hoa Hòa Hương Lan Mai Thảo Trang Linh Hằng Huyền Nga Nhung Phượng Thủy Tuyết Vân Yến Dung Hạnh Hiền "
    "Hồng Huệ Liên Loan Lụa Ly My Nguyệt Nhàn Oanh Phương Quyên Sen Tâm Thắm Thoa Thơm Thu Thúy Trinh "
    "Tú Uyên Xuân Ánh Bích Chi Diệp Duyên Giang Hà Hải Khánh Lệ Lương Mơ Ngân Ngọc Nhi Quế Quỳnh "
    "Sương Tình Vy Dịu Mỷ Pằng Sua Dở Chúa Máy"
).split()
_MALE_GIVEN = (  # noqa: SIM905 - a list of words reads best as words
    "Anh Bình Cường Dũng Đức Hải Hiếu Hòa Hùng Huy Khoa Long Minh Nam Phong Phúc Quân Sơn Tài Thắng "
    "Thành Tiến Toàn Trung Tuấn Việt Vinh Chử Sáng Páo"
).split()
_DECLINE_REASONS = ("Không đủ điều kiện vay vốn", "Người được hỗ trợ đã chuyển đi nơi khác", "Hồ sơ còn thiếu giấy tờ")
_DOCUMENT_NAMES = {
    DocumentKind.APPLICATION: "don-de-nghi-ho-tro.pdf",
    DocumentKind.CERTIFYING: "giay-xac-nhan-nan-nhan.pdf",
    DocumentKind.IDENTITY: "can-cuoc.jpg",
    DocumentKind.RESIDENCE: "xac-nhan-cu-tru.pdf",
    DocumentKind.MEDICAL: "hoa-don-kham-benh.pdf",
    DocumentKind.DECISION: "quyet-dinh-ho-tro.pdf",
}

M = TypeVar("M", bound=models.Model)


@dataclass
class Province:
    """A province of the current map with its agencies, officers and communes of both maps."""

    unit: AdminUnit
    current_communes: list[AdminUnit]
    legacy_communes: list[AdminUnit]
    social: Agency  # leads victim support today
    old_social: Agency | None  # led it until OLD_DEPARTMENT_ENDS, where the bench models the reform
    police: Agency
    womens_union: Agency
    legal_aid: Agency | None
    border_guard: Agency | None
    officers: list[User]
    police_officer: User

    def social_on(self, day: datetime.date) -> Agency:
        return self.old_social if self.old_social is not None and day <= OLD_DEPARTMENT_ENDS else self.social


@dataclass
class Seeded:
    """What the benchmark needs to know about the data it seeded."""

    username: str
    password: str
    totp_secret: str  # of the coordinator's authenticator app: the sign-in asks for a code
    province_id: int
    legacy_district_id: int  # an old-map district of Hải Phòng, for the area filter
    legacy_district_name: str
    page_case_ids: list[uuid.UUID]  # Hải Phòng cases, for the case page
    search_names: list[str]  # folded names of Hải Phòng people, as typed without diacritics
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


def _weighted(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _copy(model: type[M], rows: Sequence[M]) -> None:
    """Write ``rows`` with COPY; values go through each field's own preparation, encryption included.

    What ``bulk_create`` would do, several times faster: no SQL to compile per row. Auto
    fields are left to their sequence; ``auto_now`` fields are set as on a save.
    """
    if not rows:
        return
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the thread-local proxy: 10% faster
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
    columns = ", ".join(db.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {db.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with db.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([f.get_db_prep_save(f.pre_save(row, True), db) for f in fields])


def _agency(code: str, name: str, agency_type: str, unit: AdminUnit, **extra: Any) -> Agency:
    return Agency.objects.create(code=code, name=name, agency_type=agency_type, unit=unit, **extra)


def _officer(username: str, agency: Agency, role: str, last_name: str, first_name: str) -> User:
    user = User(username=username, last_name=last_name, first_name=first_name)
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, agency=agency, role=role)
    return user


def _province(code: str, *, home: bool) -> Province:
    unit = AdminUnit.objects.get(scheme=Scheme.CURRENT, level=Level.PROVINCE, code=code)
    slug = f"bench-{code}"
    short = unit.short_name or unit.name
    old_social = None
    if home:
        old_social = _agency(
            f"{slug}-so-ldtbxh",
            f"Sở Lao động – Thương binh và Xã hội {short}",
            AgencyType.SOCIAL_AFFAIRS,
            unit,
            valid_to=OLD_DEPARTMENT_ENDS,
        )
    social = _agency(
        f"{slug}-so-y-te",
        f"Sở Y tế {short}",
        AgencyType.SOCIAL_AFFAIRS,
        unit,
        valid_from=OLD_DEPARTMENT_ENDS + datetime.timedelta(days=1) if home else None,
    )
    if old_social is not None:
        old_social.succeeded_by = social
        old_social.save(update_fields=["succeeded_by"])
    police = _agency(f"{slug}-cong-an", f"Công an {short}", AgencyType.POLICE, unit)
    womens_union = _agency(f"{slug}-hoi-phu-nu", f"Hội Liên hiệp Phụ nữ {short}", AgencyType.WOMENS_UNION, unit)
    legal_aid = (
        _agency(f"{slug}-tgpl", f"Trung tâm Trợ giúp pháp lý {short}", AgencyType.LEGAL_AID, unit) if home else None
    )
    border = _agency(f"{slug}-bien-phong", f"Biên phòng {short}", AgencyType.BORDER_GUARD, unit) if home else None
    officers = [
        _officer(f"bench-{code}-canbo{i}", social, Role.PROVINCIAL_COORDINATOR, "Trần", f"Thị Cán Bộ {i}")
        for i in range(1, 5 if home else 2)
    ]
    return Province(
        unit=unit,
        current_communes=list(AdminUnit.objects.filter(scheme=Scheme.CURRENT, level=Level.COMMUNE, parent=unit)),
        legacy_communes=list(
            AdminUnit.objects.filter(scheme=Scheme.LEGACY, level=Level.COMMUNE, current_province=unit)
        ),
        social=social,
        old_social=old_social,
        police=police,
        womens_union=womens_union,
        legal_aid=legal_aid,
        border_guard=border,
        officers=officers,
        police_officer=_officer(f"bench-{code}-congan", police, Role.POLICE_OFFICER, "Lê", "Văn Công An"),
    )


class _Writer:
    """Builds the rows of one chunk of cases, then writes them in dependency order."""

    def __init__(self, rng: random.Random, today: datetime.date, rules: dict[str, list[RegimeRule]]) -> None:
        self.rng = rng
        self.today = today
        self.rules = rules
        self.loan = Regime.objects.get(code="loan")
        self.legal_aid = Regime.objects.get(code="legal_aid")
        self.rows: dict[type[models.Model], list[Any]] = {}
        self.code_counter = 0

    def add(self, row: M) -> M:
        self.rows.setdefault(type(row), []).append(row)
        return row

    def flush(self) -> None:
        order: list[type[models.Model]] = [
            Person,
            PersonNameToken,
            Case,
            Intake,
            Consent,
            VerificationRequest,
            FollowUpVisit,
            ReintegrationAssessment,
            Referral,
            SupportDecision,
            SupportDelivery,
            Document,
            CaseStatusChange,
        ]
        with transaction.atomic():
            for model in order:
                _copy(model, self.rows.get(model, []))
        self.rows = {}

    def day_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        end = max(start, min(end, self.today - datetime.timedelta(days=1)))
        return start + datetime.timedelta(days=self.rng.randrange((end - start).days + 1))

    def opened_on(self) -> datetime.date:
        # A third since the new map (01/07/2025), the rest over the years before.
        if self.rng.random() < 0.35:
            return self.day_between(CURRENT_MAP_STARTS, self.today)
        return self.day_between(HISTORY_STARTS, CURRENT_MAP_STARTS - datetime.timedelta(days=1))

    def person(self, home_unit: AdminUnit) -> Person:
        rng = self.rng
        roll = rng.random()
        sex = Sex.FEMALE if roll < 0.85 else Sex.MALE if roll < 0.97 else Sex.UNKNOWN
        if sex == Sex.MALE:
            name = f"{_weighted(rng, _FAMILY_NAMES)} {_weighted(rng, _MALE_MIDDLE)} {rng.choice(_MALE_GIVEN)}"
        else:
            name = f"{_weighted(rng, _FAMILY_NAMES)} {_weighted(rng, _FEMALE_MIDDLE)} {rng.choice(_FEMALE_GIVEN)}"
        birth_year = rng.randrange(1965, 2009)
        birth_date = (
            datetime.date(birth_year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
            if rng.random() < 0.6
            else None
        )
        number = (
            f"0{rng.randrange(10, 96):02d}{rng.randrange(10**8):08d}{rng.randrange(10)}" if rng.random() < 0.5 else ""
        )
        person = Person(
            full_name=name,
            birth_date=birth_date,
            birth_year=birth_year,
            sex=sex,
            identity_number=number,
            phone=f"09{rng.randrange(10**8):08d}" if rng.random() < 0.4 else "",
            address_detail=f"Thôn {rng.randrange(1, 13)}",
            home_unit=home_unit,
            birth_date_index=birth_date_digest(birth_date),
            identity_number_index=identity_number_digest(number),
        )
        for digest in sorted(set(name_token_digests(name))):
            self.add(PersonNameToken(person=person, digest=digest))
        return self.add(person)

    def case(self, province: Province) -> Case:
        rng, today = self.rng, self.today
        opened_on = self.opened_on()
        communes = province.legacy_communes if opened_on < CURRENT_MAP_STARTS else province.current_communes
        home_unit = rng.choice(communes)
        person = self.person(home_unit)
        agency = province.social_on(opened_on)
        officer = rng.choice(province.officers)
        age = (today - opened_on).days
        closing = age > 90 and rng.random() < (0.85 if age > 730 else 0.6 if age > 365 else 0.35 if age > 180 else 0.1)
        closed_on = self.day_between(opened_on + datetime.timedelta(days=60), opened_on + datetime.timedelta(days=720))
        self.code_counter += 1
        case = self.add(
            Case(
                code=f"{province.unit.code}-{opened_on.year}-B{self.code_counter:06X}",
                person=person,
                status=CaseStatus.CLOSED if closing else CaseStatus.OPEN,
                responsible_agency=agency,
                responsible_officer=officer if rng.random() < 0.7 else None,
                home_unit=home_unit,
                opened_on=opened_on,
                closed_on=closed_on if closing else None,
                closure_reason=(
                    _weighted(
                        rng,
                        {
                            ClosureReason.REINTEGRATED: 70,
                            ClosureReason.MOVED_AWAY: 10,
                            "declined_support": 10,
                            "other": 10,
                        },
                    )
                    if closing
                    else ""
                ),
            )
        )
        self.intakes(case, province)
        if rng.random() < 0.6:
            for scope in (ConsentScope.SERVICES, ConsentScope.STATISTICS):
                self.add(Consent(case=case, scope=scope, granted=True, recorded_on=opened_on, recorded_by=officer))
        if rng.random() < 0.65:
            self.verification(case, person, province)
        if age > 60 and rng.random() < 0.4:
            self.visits(case, officer)
        if rng.random() < 0.12:
            self.referral(case, province, officer)
        if rng.random() < 0.25:
            self.decisions(case, officer)
        if rng.random() < 0.15:
            self.documents(case, officer)
        self.status_changes(case, officer)
        return case

    def intakes(self, case: Case, province: Province) -> None:
        rng = self.rng
        channels: dict[str, float] = {
            IntakeChannel.POLICE_LIST: 30,
            IntakeChannel.BORDER_RECEPTION: 20,
            IntakeChannel.APPLICATION: 20,
            IntakeChannel.REPATRIATION: 15,
            IntakeChannel.FACILITY_LIST: 5,
            IntakeChannel.HOTLINE_NGO: 10,
        }
        for n in range(2 if rng.random() < 0.08 else 1):
            channel = _weighted(rng, channels)
            sources: dict[str, Agency] = {
                IntakeChannel.POLICE_LIST: province.police,
                IntakeChannel.BORDER_RECEPTION: province.border_guard or province.police,
            }
            source = sources.get(channel)
            self.add(
                Intake(
                    case=case,
                    channel=channel,
                    received_on=self.day_between(case.opened_on, case.opened_on + datetime.timedelta(days=90 * n)),
                    source_agency=source,
                    source_reference=f"{rng.randrange(1, 999)}/CV-PC02" if source else "",
                    recorded_by_agency=case.responsible_agency,
                    notes="Người được tiếp nhận đang ở nhà người thân." if rng.random() < 0.3 else "",
                )
            )

    def verification(self, case: Case, person: Person, province: Province) -> None:
        rng, today = self.rng, self.today
        sent_on = self.day_between(case.opened_on, case.opened_on + datetime.timedelta(days=5))
        due_on = sent_on + datetime.timedelta(days=verification_answer_rule(sent_on).days)
        request = VerificationRequest(
            case=case,
            requesting_agency=case.responsible_agency,
            police_agency=province.police,
            sent_on=sent_on,
            due_on=due_on,
        )
        if (case.status == CaseStatus.OPEN and rng.random() < 0.08) or (due_on >= today and rng.random() < 0.5):
            request.status = VerificationStatus.SENT  # some of them overdue
            case.identification_status = IdentificationStatus.PENDING
            person.protection_status = ProtectionStatus.IN_IDENTIFICATION
        elif rng.random() < 0.05:
            request.status = VerificationStatus.CANCELLED
        else:
            outcome = _weighted(
                rng,
                {
                    VerificationOutcome.IDENTIFIED: 70,
                    VerificationOutcome.NOT_VICTIM: 15,
                    VerificationOutcome.IN_IDENTIFICATION: 15,
                },
            )
            request.status = VerificationStatus.ANSWERED
            request.outcome = outcome
            request.answered_on = self.day_between(sent_on, due_on + datetime.timedelta(days=10))
            request.certifying_document = f"Công văn số {rng.randrange(1, 999)}/CAT-PC02"
            request.answered_by = province.police_officer
            case.identification_status = outcome
            statuses: dict[str, str] = {
                VerificationOutcome.IDENTIFIED: ProtectionStatus.VICTIM,
                VerificationOutcome.NOT_VICTIM: ProtectionStatus.NOT_VICTIM,
                VerificationOutcome.IN_IDENTIFICATION: ProtectionStatus.IN_IDENTIFICATION,
            }
            person.protection_status = statuses[outcome]
        self.add(request)

    def visits(self, case: Case, officer: User) -> None:
        rng = self.rng
        day = case.opened_on
        visit = None
        for _ in range(rng.randrange(1, 4)):
            if (self.today - day).days <= 31:
                break
            day = self.day_between(day + datetime.timedelta(days=30), day + datetime.timedelta(days=120))
            visit = self.add(
                FollowUpVisit(
                    case=case,
                    visited_on=day,
                    agency=case.responsible_agency,
                    officer=officer,
                    notes="Gia đình hỗ trợ tốt, đã có việc làm thời vụ." if rng.random() < 0.5 else "",
                    next_visit_on=day + datetime.timedelta(days=90),
                )
            )
        if visit is not None and rng.random() < 0.35:
            self.add(
                ReintegrationAssessment(
                    case=case,
                    assessed_on=visit.visited_on,
                    agency=case.responsible_agency,
                    officer=officer,
                    **{name: rng.choice(AssessmentLevel.values) for name in ASSESSMENT_DIMENSIONS},
                )
            )

    def referral(self, case: Case, province: Province, officer: User) -> None:
        rng = self.rng
        to_agency, regime = province.womens_union, self.loan
        if province.legal_aid is not None and rng.random() < 0.4:
            to_agency, regime = province.legal_aid, self.legal_aid
        sent_on = self.day_between(case.opened_on, case.opened_on + datetime.timedelta(days=60))
        referral = Referral(
            case=case,
            regime=regime,
            from_agency=case.responsible_agency,
            to_agency=to_agency,
            sent_on=sent_on,
            due_on=sent_on + datetime.timedelta(days=15),
            message="Đề nghị hỗ trợ vay vốn sản xuất." if regime == self.loan else "",
            sent_by=officer,
        )
        roll = rng.random()
        if roll < 0.15:
            referral.status = ReferralStatus.SENT  # most of them overdue
        elif roll < 0.25:
            referral.status = ReferralStatus.DECLINED
            referral.responded_on = self.day_between(sent_on, sent_on + datetime.timedelta(days=20))
            referral.decline_reason = rng.choice(_DECLINE_REASONS)
        else:
            referral.responded_on = self.day_between(sent_on, sent_on + datetime.timedelta(days=20))
            referral.status = ReferralStatus.ACCEPTED
            if roll > 0.5:
                referral.status = ReferralStatus.DELIVERED
                referral.delivered_on = self.day_between(referral.responded_on, sent_on + datetime.timedelta(days=90))
        self.add(
            Consent(
                case=case,
                scope=ConsentScope.SHARING,
                agency=to_agency,
                granted=True,
                recorded_on=sent_on,
                recorded_by=officer,
            )
        )
        self.add(referral)

    def decisions(self, case: Case, officer: User) -> None:
        rng = self.rng
        for _ in range(rng.randrange(1, 3)):
            decided_on = self.day_between(case.opened_on, case.opened_on + datetime.timedelta(days=45))
            code = rng.choice(list(self.rules))
            rule = next((r for r in self.rules[code] if r.is_valid_on(decided_on)), None)
            if rule is None:
                continue
            amounts: dict[str, int] = {
                AmountKind.FIXED: rule.amount_vnd or 0,
                AmountKind.PER_DAY: (rule.amount_vnd or 0) * rng.randrange(10, 31),
                AmountKind.AT_COST: rng.randrange(5, 50) * 100_000,
            }
            amount = amounts.get(rule.amount_kind, 0)
            decision = self.add(
                SupportDecision(
                    case=case,
                    regime_id=rule.regime_id,
                    rule=rule,
                    decided_on=decided_on,
                    deciding_agency=case.responsible_agency,
                    amount_vnd=amount,
                    status=DecisionStatus.DECIDED,
                    decided_by=officer,
                )
            )
            for n in range(rng.randrange(1, 3)):
                self.add(
                    SupportDelivery(
                        decision=decision,
                        delivered_on=self.day_between(decided_on, decided_on + datetime.timedelta(days=30 * (n + 1))),
                        amount_vnd=amount // (n + 1),
                        agency=case.responsible_agency,
                        evidence=f"Phiếu chi số {rng.randrange(1, 9999)}",
                        recorded_by=officer,
                    )
                )

    def documents(self, case: Case, officer: User) -> None:
        # Records only: no page measured here opens the encrypted file itself.
        for kind in self.rng.sample(list(_DOCUMENT_NAMES), self.rng.randrange(1, 4)):
            self.add(
                Document(
                    case=case,
                    kind=kind,
                    original_name=_DOCUMENT_NAMES[kind],
                    storage_name=uuid.uuid4().hex,
                    content_type="image/jpeg" if kind == DocumentKind.IDENTITY else "application/pdf",
                    size_bytes=self.rng.randrange(50_000, 2_000_000),
                    sha256=secrets.token_hex(32),
                    uploaded_by=officer,
                )
            )

    def status_changes(self, case: Case, officer: User) -> None:
        if case.status == CaseStatus.CLOSED:
            assert case.closed_on is not None  # noqa: S101 - set with the status just above
            self.add(
                CaseStatusChange(
                    case=case,
                    kind=StatusChangeKind.CLOSED,
                    changed_on=case.closed_on,
                    closure_reason=case.closure_reason,
                    explanation="Đã ổn định cuộc sống tại địa phương.",
                    actor=officer,
                )
            )
        elif (self.today - case.opened_on).days > 400 and self.rng.random() < 0.05:
            closed = self.day_between(
                case.opened_on + datetime.timedelta(days=60), case.opened_on + datetime.timedelta(days=300)
            )
            reopened = self.day_between(closed + datetime.timedelta(days=1), closed + datetime.timedelta(days=90))
            for kind, day, reason in (
                (StatusChangeKind.CLOSED, closed, ClosureReason.MOVED_AWAY),
                (StatusChangeKind.REOPENED, reopened, ""),
            ):
                self.add(CaseStatusChange(case=case, kind=kind, changed_on=day, closure_reason=reason, actor=officer))


def seed(*, cases: int, seed_value: int = 2025, progress: Callable[[str], None] = print) -> Seeded:
    """Seed ``cases`` cases with their people and history; returns what the benchmark needs."""
    started = time.perf_counter()
    rng = random.Random(seed_value)  # noqa: S311 - reproducible benchmark data, not security
    today = timezone.localdate()
    with transaction.atomic():
        home = _province(HOME_PROVINCE, home=True)
        others = [_province(code, home=False) for code in OTHER_PROVINCES]
        password = secrets.token_urlsafe(18)
        coordinator = User.objects.create_user(
            username="bench-dieuphoi", password=password, last_name="Phạm", first_name="Thu Hằng"
        )
        Membership.objects.create(user=coordinator, agency=home.social, role=Role.PROVINCIAL_COORDINATOR)
        home.officers.append(coordinator)
    totp_secret = totp_enrolment_start(actor=coordinator).secret
    totp_enrolment_confirm(actor=coordinator, code=code_at_step(totp_secret, time_step(time.time())), signing_in=False)
    rules: dict[str, list[RegimeRule]] = {}
    for rule in RegimeRule.objects.filter(province__isnull=True).select_related("regime"):
        rules.setdefault(rule.regime.code, []).append(rule)
    writer = _Writer(rng, today, rules)
    provinces = [*others, home]
    weights = [*OTHER_PROVINCES.values(), 1 - sum(OTHER_PROVINCES.values())]
    home_cases: list[Case] = []
    written = 0
    while written < cases:
        for _ in range(min(CHUNK, cases - written)):
            province = rng.choices(provinces, weights=weights)[0]
            case = writer.case(province)
            if province is home and len(home_cases) < 5_000:
                home_cases.append(case)
        writer.flush()
        written = min(cases, written + CHUNK)
        if written % 20_000 == 0 or written == cases:
            progress(f"  {written:,} cases written ({time.perf_counter() - started:.0f} s)")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have by now in production
    sample = rng.sample(home_cases, min(500, len(home_cases)))
    district = (
        AdminUnit.objects.filter(scheme=Scheme.LEGACY, level=Level.DISTRICT, current_province=home.unit)
        .filter(name__endswith="Kiến Thụy")
        .first()
    ) or AdminUnit.objects.filter(scheme=Scheme.LEGACY, level=Level.DISTRICT, current_province=home.unit).first()
    assert district is not None  # noqa: S101 - the units are loaded before seeding
    counted: list[type[models.Model]] = [
        Case,
        Person,
        PersonNameToken,
        Intake,
        Consent,
        VerificationRequest,
        FollowUpVisit,
        Referral,
        SupportDecision,
        SupportDelivery,
        Document,
    ]
    return Seeded(
        username=coordinator.username,
        password=password,
        totp_secret=totp_secret,
        province_id=home.unit.pk,
        legacy_district_id=district.pk,
        legacy_district_name=district.name,
        page_case_ids=[case.pk for case in sample],
        search_names=[fold(case.person.full_name) for case in sample[:64]],
        seconds=time.perf_counter() - started,
        counts={model.__name__: model._default_manager.count() for model in counted},
    )
