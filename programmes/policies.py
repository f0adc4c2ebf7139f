"""Who may see and record peer groups, loans and awareness sessions. The one place they are scoped.

Scope per membership (the agency is the one of the membership that grants the capability):
- area roles (coordinator, commune officer, Women's Union officer, reader, inspector):
  records whose unit lies in the agency's area (old and new units alike,
  ``geo.selectors.area_unit_ids``), and records the agency runs (a group's lead agency
  or a co-organiser; the agency that recorded a loan; the agency that held a session);
- border guards: awareness sessions their own agency held, nothing else (no group,
  no loan: those hold personal data that border guards have no need to see);
- everyone else: nothing.

A loan to a victim is also a programme record: who may see the case learns nothing more
from it, and who may see the loan sees the borrower as they would any borrower.
"""

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from agencies import capabilities as cap
from agencies.models import Agency, Membership, Role, User
from agencies.policies import memberships_with
from geo.models import AdminUnit
from geo.selectors import area_unit_ids
from programmes.models import AwarenessSession, Loan, PeerGroup

_AREA_ROLES = {
    Role.PROVINCIAL_COORDINATOR,
    Role.COMMUNE_OFFICER,
    Role.WOMENS_UNION_OFFICER,
    Role.CASE_VIEWER,
    Role.INSPECTOR,
}
_NOTHING = Q(pk__in=[])


def _area_or_agency(membership: Membership, *, agency_q: Q) -> Q:
    if membership.role in _AREA_ROLES:
        return Q(unit__in=area_unit_ids(membership.agency.unit)) | agency_q
    return _NOTHING


def _group_scope(membership: Membership) -> Q:
    agency = membership.agency
    return _area_or_agency(membership, agency_q=Q(agency=agency) | Q(organisers=agency))


def _loan_scope(membership: Membership) -> Q:
    return _area_or_agency(membership, agency_q=Q(agency=membership.agency))


def _session_scope(membership: Membership) -> Q:
    if membership.role == Role.BORDER_GUARD:
        return Q(agency=membership.agency)
    return _area_or_agency(membership, agency_q=Q(agency=membership.agency))


def _scoped(user: User, capability: str, model: type, scope: object) -> QuerySet:  # type: ignore[type-arg]
    memberships = memberships_with(user, capability)
    if not memberships:
        return model._default_manager.none()  # type: ignore[attr-defined,no-any-return]
    return model._default_manager.filter(reduce(or_, (scope(m) for m in memberships)))  # type: ignore[attr-defined,operator,no-any-return]


def groups_for(user: User, capability: str) -> QuerySet[PeerGroup]:
    """The peer groups ``user`` may do ``capability`` to."""
    return _scoped(user, capability, PeerGroup, _group_scope).distinct()


def loans_for(user: User, capability: str) -> QuerySet[Loan]:
    return _scoped(user, capability, Loan, _loan_scope)


def sessions_for(user: User, capability: str) -> QuerySet[AwarenessSession]:
    return _scoped(user, capability, AwarenessSession, _session_scope)


def membership_to_record(
    user: User, capability: str, *, agency: Agency | None, unit: AdminUnit, border_guards: bool = False
) -> Membership | None:
    """The membership through which ``user`` may record, with ``capability``, a record in ``unit``.

    The same rule as the querysets above, asked of a record not yet saved. Groups and
    loans (``agency`` None) belong to the recorder's agency and must lie in its area. An
    awareness session names its organising ``agency``: an area role records it for their
    own agency or inside their area; a border guard (where ``border_guards``) for their
    own agency only.
    """
    for membership in memberships_with(user, capability):
        if membership.role == Role.BORDER_GUARD:
            if border_guards and agency is not None and membership.agency_id == agency.pk:
                return membership
            continue
        if membership.role not in _AREA_ROLES:
            continue
        if agency is not None and membership.agency_id == agency.pk:
            return membership
        if area_unit_ids(membership.agency.unit).filter(pk=unit.pk).exists():
            return membership
    return None


def may_record_groups(user: User) -> bool:
    """Groups are run by agencies with an area (not by border guards)."""
    return any(m.role in _AREA_ROLES for m in memberships_with(user, cap.PROGRAMME_MANAGE))
