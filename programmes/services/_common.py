"""Checks shared by the programme services: permission and scope, dates, people."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from agencies import capabilities as cap
from agencies.models import Agency, Membership, User
from agencies.policies import memberships_with
from cases.models import Case, CaseStatus
from cases.policies import cases_for
from core.errors import NOT_FOUND, PERMISSION_DENIED, DomainError
from geo.models import AdminUnit
from programmes import errors
from programmes.models import Beneficiary
from programmes.policies import membership_to_record


def label(model: type, field_name: str) -> str:
    """A field's label, as the first words of a sentence."""
    text = str(model._meta.get_field(field_name).verbose_name)  # type: ignore[attr-defined]
    return text[:1].upper() + text[1:]


def require_past(day: datetime.date, *, model: type, field: str) -> None:
    if day > timezone.localdate():
        raise DomainError(errors.DATE_IN_FUTURE, field=label(model, field))


def recorder(
    actor: User, capability: str, *, unit: AdminUnit, agency: Agency | None = None, border_guards: bool = False
) -> Membership:
    """The membership the actor records through; without the capability 403, outside scope an input error."""
    if not memberships_with(actor, capability):
        raise DomainError(PERMISSION_DENIED)
    membership = membership_to_record(actor, capability, agency=agency, unit=unit, border_guards=border_guards)
    if membership is None:
        raise DomainError(errors.OUTSIDE_SCOPE)
    return membership


def require_in(visible: QuerySet, manageable: QuerySet, record: object) -> None:  # type: ignore[type-arg]
    """404 for a record the actor may not see, 403 for one they see but may not change."""
    pk = getattr(record, "pk", None)
    if not manageable.filter(pk=pk).exists():
        raise DomainError(PERMISSION_DENIED if visible.filter(pk=pk).exists() else NOT_FOUND)


def cases_open_to(actor: User) -> QuerySet[Case]:
    """Cases a programme may link to for ``actor``: those they may read, or referred to their agency and accepted."""
    from support.models import Referral, ReferralStatus  # support depends on cases; programmes on both

    referred_agencies = [m.agency_id for m in memberships_with(actor, cap.REFERRAL_RESPOND)]
    referred = Referral.objects.filter(
        to_agency__in=referred_agencies, status__in=[ReferralStatus.ACCEPTED, ReferralStatus.DELIVERED]
    ).values("case_id")
    return Case.objects.filter(Q(pk__in=cases_for(actor, cap.CASE_VIEW).values("pk")) | Q(pk__in=referred))


def case_by_code(actor: User, code: str) -> Case:
    """The case of this code among those open to the actor; a case they may not see is "not found" alike."""
    case = cases_open_to(actor).select_related("person", "home_unit").filter(code=code.strip()).first()
    if case is None:
        raise DomainError(errors.CASE_NOT_FOUND)
    if case.status != CaseStatus.OPEN:
        raise DomainError(errors.CASE_CLOSED)
    return case


def beneficiary_new(
    *,
    actor: User,
    agency: Agency,
    full_name: str,
    birth_year: int | None,
    sex: str,
    phone: str,
    home_unit: AdminUnit,
    category: str,
) -> Beneficiary:
    """A beneficiary, unsaved: the caller saves it in its own transaction and audits it."""
    full_name = " ".join(full_name.split())
    if not full_name:
        raise DomainError(errors.NAME_REQUIRED)
    if birth_year is not None and not 1900 <= birth_year <= timezone.localdate().year:
        raise DomainError(errors.BIRTH_YEAR_INVALID)
    return Beneficiary(
        full_name=full_name,
        birth_year=birth_year,
        sex=sex,
        phone=phone.strip(),
        home_unit=home_unit,
        category=category,
        agency=agency,
        recorded_by=actor,
    )


BENEFICIARY_AUDITED = ["birth_year", "sex", "home_unit", "category", "agency", "full_name", "phone"]
