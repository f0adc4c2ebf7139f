"""Who may see and act on cases and verification requests. The one place cases are scoped.

Scope per role (the agency is the one of the membership that grants the capability):
- area roles (coordinator, commune officer, read-only reader, inspector): cases whose
  home commune lies in the agency's area, across old and new units, and cases the
  agency is responsible for;
- border guards: cases of people their agency received;
- police: no case at all, only verification requests addressed to their agency;
- Women's Union and service providers: only referrals addressed to them (support.policies);
- ministry and system administrators: no personal data.
"""

from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q, QuerySet

from agencies.models import Membership, Role, User
from agencies.policies import memberships_with
from cases.models import Case, Intake, VerificationRequest
from geo.selectors import area_unit_ids

_AREA_ROLES = {Role.PROVINCIAL_COORDINATOR, Role.COMMUNE_OFFICER, Role.CASE_VIEWER, Role.INSPECTOR}


def _case_scope(membership: Membership) -> Q:
    agency = membership.agency
    if membership.role in _AREA_ROLES:
        return Q(home_unit__in=area_unit_ids(agency.unit)) | Q(responsible_agency=agency)
    if membership.role == Role.BORDER_GUARD:
        return Q(Exists(Intake.objects.filter(case=OuterRef("pk"), recorded_by_agency=agency)))
    return Q(pk__in=[])


def cases_for(user: User, capability: str) -> QuerySet[Case]:
    """The cases ``user`` may do ``capability`` to."""
    memberships = memberships_with(user, capability)
    if not memberships:
        return Case.objects.none()
    return Case.objects.filter(reduce(or_, (_case_scope(m) for m in memberships)))


def may_act_on_case(user: User, capability: str, case: Case) -> bool:
    return cases_for(user, capability).filter(pk=case.pk).exists()


def may_act_in_area(user: User, capability: str, unit_id: int) -> Membership | None:
    """The membership through which ``user`` may do ``capability`` for a person living in ``unit_id``."""
    for membership in memberships_with(user, capability):
        if membership.role not in _AREA_ROLES and membership.role != Role.BORDER_GUARD:
            continue
        # Border guards receive people from any province at the border.
        if membership.role == Role.BORDER_GUARD or area_unit_ids(membership.agency.unit).filter(pk=unit_id).exists():
            return membership
    return None


def verification_requests_for(user: User, capability: str) -> QuerySet[VerificationRequest]:
    """Requests addressed to the user's police agency, or requests on cases the user may act on."""
    memberships = memberships_with(user, capability)
    if not memberships:
        return VerificationRequest.objects.none()
    if all(m.role == Role.POLICE_OFFICER for m in memberships):
        return VerificationRequest.objects.filter(police_agency__in=[m.agency_id for m in memberships])
    return VerificationRequest.objects.filter(case__in=cases_for(user, capability))
