"""Seeding the demo province once, and the table of demo logins.

The demo is seeded once: when its marker agency exists, nothing more is created. The
agencies and users are created in one transaction; the cases cannot be (each service
commits its own durable transaction), so a run that failed half-way is reported as
incomplete on the next run rather than silently left so.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format

from agencies.models import Agency, Membership, Role
from audit.models import AuditEvent
from cases.models import Case, Consent, FollowUpVisit, Intake, VerificationRequest
from core.demo.agencies import MARKER, demo_agencies_ensure, demo_agency_codes
from core.demo.cases import ScenarioRunner
from core.demo.errors import CLOCK_TOO_EARLY, REGIMES_MISSING
from core.demo.oversight import demo_oversight_create
from core.demo.programmes import demo_programmes_create
from core.demo.scenarios import LATEST_FIXED_DATE, SCENARIOS
from core.demo.units import demo_units_find
from core.demo.users import DEMO_PASSWORD, USERS, demo_users_ensure
from core.errors import DomainError
from oversight.models import Inspection, Review, TrainingCourse
from people.models import Person
from programmes.models import AwarenessSession, Loan, PeerGroup
from support.models import Referral, Regime, SupportDecision, SupportDelivery

# What a run reports having created, in this order (Vietnamese labels: only the command shows them).
COUNTED: tuple[tuple[str, type[models.Model]], ...] = (
    ("hồ sơ", Case),
    ("người", Person),
    ("lượt tiếp nhận", Intake),
    ("ghi nhận ý kiến đồng ý", Consent),
    ("yêu cầu xác minh", VerificationRequest),
    ("quyết định hỗ trợ", SupportDecision),
    ("lượt hỗ trợ", SupportDelivery),
    ("chuyển gửi", Referral),
    ("lần thăm theo dõi", FollowUpVisit),
    ("nhóm đồng đẳng", PeerGroup),
    ("khoản vay", Loan),
    ("buổi tuyên truyền", AwarenessSession),
    ("khóa tập huấn", TrainingCourse),
    ("cuộc kiểm tra", Inspection),
    ("sơ kết, tổng kết", Review),
    ("sự kiện nhật ký", AuditEvent),
)


@dataclass
class DemoSeedResult:
    already_present: bool
    agencies_created: int = 0
    users_created: int = 0
    created: dict[str, int] = field(default_factory=dict)  # label -> how many rows this run created
    cases_expected: int = len(SCENARIOS)
    cases_found: int = 0  # demo cases in the database after the run

    @property
    def complete(self) -> bool:
        return self.cases_found >= self.cases_expected


def _counts() -> dict[str, int]:
    return {label: model._default_manager.count() for label, model in COUNTED}


def _regimes() -> dict[str, Regime]:
    regimes = {regime.code: regime for regime in Regime.objects.all()}
    needed = {d.regime for s in SCENARIOS for d in s.decisions} | {
        r.regime for s in SCENARIOS for r in s.referrals if r.regime
    }
    missing = sorted(needed - set(regimes))
    if missing:
        raise DomainError(REGIMES_MISSING, regime=", ".join(missing))
    return regimes


def demo_seed(*, today: datetime.date | None = None) -> DemoSeedResult:
    """Create the Hải Phòng demo unless it is there already; refuses without units or regimes."""
    today = today or timezone.localdate()
    units = demo_units_find()
    codes = demo_agency_codes(units)
    if Agency.objects.filter(code=MARKER).exists():
        found = Case.objects.filter(responsible_agency__code__in=codes).count()
        return DemoSeedResult(already_present=True, cases_found=found)
    regimes = _regimes()
    if today < LATEST_FIXED_DATE:
        raise DomainError(
            CLOCK_TOO_EARLY,
            date=date_format(LATEST_FIXED_DATE, "d/m/Y"),
            today=date_format(today, "d/m/Y"),
        )

    before = _counts()
    with transaction.atomic():
        agencies, agencies_created = demo_agencies_ensure(units)
        users, users_created = demo_users_ensure(agencies)
    runner = ScenarioRunner(units=units, agencies=agencies, users=users, regimes=regimes, today=today)
    runner.run_all()
    demo_programmes_create(units=units, agencies=agencies, users=users)
    demo_oversight_create(units=units, agencies=agencies, users=users, today=today)
    after = _counts()
    return DemoSeedResult(
        already_present=False,
        agencies_created=agencies_created,
        users_created=users_created,
        created={label: after[label] - before[label] for label in after},
        cases_found=Case.objects.filter(responsible_agency__code__in=codes).count(),
    )


def demo_logins() -> list[tuple[str, str, str, str]]:
    """(username, password, role, agency) of each demo login, labels in Vietnamese."""
    memberships = {
        (m.user.username, m.role): m.agency.name
        for m in Membership.objects.filter(user__username__in=[s.username for s in USERS]).select_related(
            "user", "agency"
        )
    }
    with translation.override("vi"):
        return [
            (s.username, DEMO_PASSWORD, str(Role(s.role).label), memberships.get((s.username, s.role), "—"))
            for s in USERS
        ]


def demo_logins_table() -> list[str]:
    """The logins as lines of a plain-text table."""
    header = ("Tên đăng nhập", "Mật khẩu", "Vai trò", "Cơ quan")
    rows = [header, *demo_logins()]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return [line(header), rule, *(line(row) for row in rows[1:])]
