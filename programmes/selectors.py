"""Reads of peer groups, loans and awareness sessions, always from the policies' visible querysets.

The non-victim rule: a member of a group, or a borrower, is shown with the same fields
whether they are a victim (a ``Person`` with a case) or not (a ``Beneficiary``); rows are
ordered by name, never by kind; counts never split them. Only a user who may read the
case itself gets a link to it, and so learns nothing the case did not already tell them.
"""

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from agencies import capabilities as cap
from agencies.models import Agency, User
from audit.models import AuditAction
from audit.services import audit_record
from cases.models import Case
from cases.policies import cases_for
from core.errors import NOT_FOUND, PERMISSION_DENIED, DomainError
from core.textfold import fold
from geo.models import AdminUnit
from geo.selectors import area_unit_ids
from people.models import Sex
from programmes.models import (
    AwarenessSession,
    GroupFunding,
    GroupMeeting,
    GroupMembership,
    Loan,
    LoanInstalment,
    LoanRepayment,
    LoanStatus,
    PeerGroup,
)
from programmes.policies import groups_for, loans_for, sessions_for


@dataclass(frozen=True)
class ProgrammeFilters:
    """What a programme list is narrowed to: a period, an area (old or new map), an agency."""

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    unit: AdminUnit | None = None
    agency: Agency | None = None


def _filtered(records: QuerySet[Any], filters: ProgrammeFilters, *, day_field: str) -> QuerySet[Any]:
    if filters.date_from is not None:
        records = records.filter(**{f"{day_field}__gte": filters.date_from})
    if filters.date_to is not None:
        records = records.filter(**{f"{day_field}__lte": filters.date_to})
    if filters.unit is not None:
        records = records.filter(unit__in=list(area_unit_ids(filters.unit)))
    if filters.agency is not None:
        records = records.filter(agency=filters.agency)
    return records


def _record_for(visible: QuerySet[Any], manageable: QuerySet[Any], record_id: uuid.UUID) -> Any:
    record = visible.filter(pk=record_id).first()
    if record is None:
        raise DomainError(NOT_FOUND)
    if not manageable.filter(pk=record_id).exists():
        raise DomainError(PERMISSION_DENIED)
    return record


def _audit_people_read(actor: User, verb: str, *, persons: list[Any], beneficiaries: list[Any]) -> None:
    """One READ event for a page that shows people by name, of either kind."""
    if persons or beneficiaries:
        audit_record(
            actor=actor,
            action=AuditAction.READ,
            verb=verb,
            changes={
                "persons": sorted({str(pk) for pk in persons}),
                "beneficiaries": sorted({str(pk) for pk in beneficiaries}),
            },
        )


def _readable_case_by_person(actor: User, person_ids: list[Any]) -> dict[Any, uuid.UUID]:
    """For the people among ``person_ids`` whose case the actor may read: that case (the latest)."""
    if not person_ids:
        return {}
    rows = (
        cases_for(actor, cap.CASE_VIEW)
        .filter(person_id__in=person_ids)
        .order_by("person_id", "opened_on")
        .values_list("person_id", "pk")
    )
    return dict(rows)


# --- Peer groups ------------------------------------------------------------------------------


def group_list(*, actor: User, filters: ProgrammeFilters) -> QuerySet[PeerGroup]:
    """Groups active at some time in the period, with their counts (members of both kinds together)."""
    groups = groups_for(actor, cap.PROGRAMME_VIEW)
    if filters.date_to is not None:
        groups = groups.filter(founded_on__lte=filters.date_to)
    if filters.date_from is not None:
        groups = groups.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=filters.date_from))
    groups = _filtered(groups, ProgrammeFilters(unit=filters.unit, agency=filters.agency), day_field="founded_on")
    members = GroupMembership.objects.filter(group=OuterRef("pk")).order_by().values("group")
    funding = GroupFunding.objects.filter(group=OuterRef("pk")).order_by().values("group")
    meetings = GroupMeeting.objects.filter(group=OuterRef("pk")).order_by().values("group")
    return (
        groups.select_related("unit", "agency")
        .annotate(
            member_count=Coalesce(Subquery(members.annotate(n=Count("pk")).values("n")), Value(0)),
            meeting_count=Coalesce(Subquery(meetings.annotate(n=Count("pk")).values("n")), Value(0)),
            funding_total=Coalesce(
                Subquery(funding.annotate(total=Sum("amount_vnd")).values("total")),
                Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by("-founded_on", "name")
    )


def group_for_action(*, actor: User, group_id: uuid.UUID, capability: str = cap.PROGRAMME_MANAGE) -> PeerGroup:
    """A group to show an action form for: 404 if not visible, 403 if visible but not manageable."""
    return _record_for(  # type: ignore[no-any-return]
        groups_for(actor, cap.PROGRAMME_VIEW).select_related("unit", "agency"),
        groups_for(actor, capability),
        group_id,
    )


@dataclass(frozen=True)
class MemberRow:
    """One member as every list shows them: the same fields whatever their kind."""

    id: uuid.UUID
    full_name: str
    birth_year: int | None
    sex: str
    joined_on: datetime.date
    case_id: uuid.UUID | None  # only for a user who may read that case anyway


@dataclass
class GroupPage:
    group: PeerGroup
    organisers: list[Agency]
    members: list[MemberRow]
    meetings: list[GroupMeeting]
    fundings: list[GroupFunding]
    funding_total: int
    may_manage: bool


def _member_rows(actor: User, memberships: list[GroupMembership]) -> list[MemberRow]:
    readable = _readable_case_by_person(actor, [m.person_id for m in memberships if m.person_id])
    rows = []
    for member in memberships:
        someone: Any = member.person if member.person_id else member.beneficiary
        birth_year = someone.birth_year
        if birth_year is None and getattr(someone, "birth_date", None) is not None:
            birth_year = someone.birth_date.year
        rows.append(
            MemberRow(
                id=member.pk,
                full_name=someone.full_name,
                birth_year=birth_year,
                sex=str(Sex(someone.sex).label) if someone.sex in Sex.values else "",
                joined_on=member.joined_on,
                case_id=readable.get(member.person_id),
            )
        )
    return sorted(rows, key=lambda row: (fold(row.full_name), row.joined_on, str(row.id)))


def group_members(*, actor: User, group: PeerGroup) -> list[MemberRow]:
    """The members of a group the actor may see, by name; the read of their names is audited."""
    memberships = list(
        group.memberships.select_related("person", "beneficiary").defer(
            "person__identity_number", "person__phone", "person__address_detail", "person__notes", "beneficiary__phone"
        )
    )
    _audit_people_read(
        actor,
        "peer_group_members_view",
        persons=[m.person_id for m in memberships if m.person_id],
        beneficiaries=[m.beneficiary_id for m in memberships if m.beneficiary_id],
    )
    return _member_rows(actor, memberships)


def group_page(*, actor: User, group_id: uuid.UUID) -> GroupPage:
    group = groups_for(actor, cap.PROGRAMME_VIEW).select_related("unit", "agency").filter(pk=group_id).first()
    if group is None:
        raise DomainError(NOT_FOUND)
    fundings = list(group.fundings.all())
    return GroupPage(
        group=group,
        organisers=list(group.organisers.order_by("name")),
        members=group_members(actor=actor, group=group),
        meetings=list(group.meetings.all()),
        fundings=fundings,
        funding_total=sum(f.amount_vnd for f in fundings),
        may_manage=groups_for(actor, cap.PROGRAMME_MANAGE).filter(pk=group.pk).exists(),
    )


# --- Loans -------------------------------------------------------------------------------------


def _with_balances(loans: QuerySet[Loan], today: datetime.date) -> QuerySet[Any]:
    """Each loan with what was repaid and what fell due before today, computed by the database."""
    repaid = (
        LoanRepayment.objects.filter(loan=OuterRef("pk"))
        .order_by()
        .values("loan")
        .annotate(total=Sum("amount_vnd"))
        .values("total")
    )
    due = (
        LoanInstalment.objects.filter(loan=OuterRef("pk"), due_on__lt=today)
        .order_by()
        .values("loan")
        .annotate(total=Sum("amount_vnd"))
        .values("total")
    )
    return loans.annotate(
        repaid_total=Coalesce(Subquery(repaid), Value(0), output_field=IntegerField()),
        due_total=Coalesce(Subquery(due), Value(0), output_field=IntegerField()),
    ).annotate(overdue_amount=F("due_total") - F("repaid_total"))


@dataclass(frozen=True)
class Borrower:
    """A borrower as every list shows them, victim or not."""

    full_name: str
    birth_year: int | None
    unit: AdminUnit
    case_id: uuid.UUID | None  # only for a user who may read that case anyway


_PERSON_NOT_LISTED = ("identity_number", "phone", "address_detail", "notes")


def _loan_rows(actor: User, loans: list[Loan]) -> list[tuple[Loan, Borrower]]:
    readable = set(
        cases_for(actor, cap.CASE_VIEW)
        .filter(pk__in=[ln.case_id for ln in loans if ln.case_id])
        .values_list("pk", flat=True)
    )
    rows = []
    for loan in loans:
        if loan.case_id:
            person = loan.case.person  # type: ignore[union-attr]
            birth_year = person.birth_year or (person.birth_date.year if person.birth_date else None)
            borrower = Borrower(
                person.full_name, birth_year, loan.unit, loan.case_id if loan.case_id in readable else None
            )
        else:
            someone = loan.beneficiary
            borrower = Borrower(someone.full_name, someone.birth_year, loan.unit, None)  # type: ignore[union-attr]
        rows.append((loan, borrower))
    return rows


def _loans_visible(actor: User, today: datetime.date) -> QuerySet[Loan]:
    return _with_balances(
        loans_for(actor, cap.PROGRAMME_VIEW)
        .select_related("unit", "agency", "case__person", "beneficiary")
        .defer(*(f"case__person__{name}" for name in _PERSON_NOT_LISTED), "beneficiary__phone"),
        today,
    )


def loan_list(
    *, actor: User, filters: ProgrammeFilters, overdue_only: bool = False, today: datetime.date | None = None
) -> QuerySet[Loan]:
    """Loans the actor may see, disbursed in the period, with their balances."""
    today = today or timezone.localdate()
    loans = _filtered(_loans_visible(actor, today), filters, day_field="disbursed_on")
    if overdue_only:
        loans = loans.filter(status=LoanStatus.CURRENT, overdue_amount__gt=0)
    return loans.order_by("-disbursed_on", "-created_at")


def loan_rows_read(*, actor: User, loans: list[Loan], verb: str) -> list[tuple[Loan, Borrower]]:
    """The borrowers of a page of loans, alike for both kinds; the read of their names is audited."""
    _audit_people_read(
        actor,
        verb,
        persons=[ln.case.person_id for ln in loans if ln.case_id],  # type: ignore[union-attr]
        beneficiaries=[ln.beneficiary_id for ln in loans if ln.beneficiary_id],
    )
    return _loan_rows(actor, loans)


def overdue_loan_count(*, actor: User, today: datetime.date | None = None) -> int:
    """How many loans the actor manages have a repayment past its due date (for the home page)."""
    today = today or timezone.localdate()
    loans = _with_balances(loans_for(actor, cap.LOAN_MANAGE), today)
    return loans.filter(status=LoanStatus.CURRENT, overdue_amount__gt=0).count()


@dataclass
class LoanPage:
    loan: Loan
    borrower: Borrower
    instalments: list[LoanInstalment]
    repayments: list[LoanRepayment]
    repaid: int
    balance: int
    overdue_amount: int
    may_manage: bool


def loan_page(*, actor: User, loan_id: uuid.UUID, today: datetime.date | None = None) -> LoanPage:
    today = today or timezone.localdate()
    loan = _loans_visible(actor, today).filter(pk=loan_id).first()
    if loan is None:
        raise DomainError(NOT_FOUND)
    [(loan, borrower)] = loan_rows_read(actor=actor, loans=[loan], verb="loan_view")
    repaid: int = loan.repaid_total  # type: ignore[attr-defined]
    overdue: int = loan.overdue_amount  # type: ignore[attr-defined]
    return LoanPage(
        loan=loan,
        borrower=borrower,
        instalments=list(loan.instalments.all()),
        repayments=list(loan.repayments.all()),
        repaid=repaid,
        balance=loan.amount_vnd - repaid,
        overdue_amount=max(overdue, 0) if loan.status == LoanStatus.CURRENT else 0,
        may_manage=loans_for(actor, cap.LOAN_MANAGE).filter(pk=loan.pk).exists(),
    )


def loan_for_action(*, actor: User, loan_id: uuid.UUID) -> Loan:
    return _record_for(loans_for(actor, cap.PROGRAMME_VIEW), loans_for(actor, cap.LOAN_MANAGE), loan_id)  # type: ignore[no-any-return]


def case_loan_entries(case: Case) -> list[Any]:
    """The case timeline's entries for the loans to the case's person (shown to whoever sees the case)."""
    from cases.selectors.case_page import TimelineEntry  # cases imports this function when it builds a page

    entries = []
    for loan in Loan.objects.filter(case=case).prefetch_related("repayments"):
        entries.append(TimelineEntry(loan.disbursed_on, loan.created_at, "loan", loan))
        entries.extend(
            TimelineEntry(repayment.paid_on, repayment.created_at, "loan_repayment", repayment)
            for repayment in loan.repayments.all()
        )
        if loan.status == LoanStatus.WRITTEN_OFF and loan.closed_on:
            entries.append(TimelineEntry(loan.closed_on, loan.updated_at, "loan_written_off", loan))
    return entries


# --- Awareness sessions --------------------------------------------------------------------------


def sessions_visible(actor: User) -> QuerySet[AwarenessSession]:
    """Sessions the actor may read: in their area, or (border guards) those their agency held."""
    visible = sessions_for(actor, cap.PROGRAMME_VIEW).values("pk")
    recorded = sessions_for(actor, cap.PROGRAMME_MANAGE).values("pk")
    return AwarenessSession.objects.filter(Q(pk__in=visible) | Q(pk__in=recorded))


def session_list(*, actor: User, filters: ProgrammeFilters) -> QuerySet[AwarenessSession]:
    sessions = _filtered(sessions_visible(actor), filters, day_field="held_on")
    return sessions.select_related("agency", "unit").order_by("-held_on", "-created_at")


def session_totals(sessions: QuerySet[AwarenessSession]) -> dict[str, int]:
    """Sessions, person-times and materials of a list, in one grouped query."""
    totals = sessions.order_by().aggregate(
        sessions=Count("pk"),
        attendees=Coalesce(Sum("attendees"), 0),
        leaflets=Coalesce(Sum("leaflets"), 0),
        posters=Coalesce(Sum("posters"), 0),
        other_materials=Coalesce(Sum("other_materials"), 0),
    )
    return {key: int(value) for key, value in totals.items()}


def may_manage_sessions(actor: User) -> bool:
    from agencies.policies import memberships_with

    return bool(memberships_with(actor, cap.PROGRAMME_MANAGE))
