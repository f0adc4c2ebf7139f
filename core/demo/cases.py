"""Playing the demo scenarios through the case and support services, as the officials would.

Every write goes through a service, so permissions, states, legal rules and audit events
are those of real work; a scenario the services refuse is a mistake in the demo data.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils.formats import date_format

from agencies.models import Agency, User
from cases import services as case_services
from cases.models import Case
from core.demo import agencies as a
from core.demo import users as u
from core.demo.errors import SCENARIO_FAILED
from core.demo.people import Identity, IdentityFactory
from core.demo.scenarios import SCENARIOS, Day, Referral, Scenario, Verification
from core.demo.units import DemoUnits
from core.errors import DomainError
from support import services as support_services
from support.models import Regime

# Who answers a referral addressed to an agency (agencies not listed have no demo user).
REFERRAL_RESPONDERS = {
    a.HOI_PHU_NU: u.WOMENS_UNION_OFFICER,
    a.TRO_GIUP_PHAP_LY: u.LEGAL_AID_OFFICER,
}


@contextmanager
def _step(number: int, step: str) -> Iterator[None]:
    """Names the scenario and step of a refusal; the service's message says what was wrong."""
    try:
        yield
    except DomainError as exc:
        raise DomainError(SCENARIO_FAILED, number=number, step=step, problem=exc.message) from exc


def _short(day: datetime.date) -> str:
    return date_format(day, "d/m/Y")


class ScenarioRunner:
    def __init__(
        self,
        *,
        units: DemoUnits,
        agencies: dict[str, Agency],
        users: dict[str, User],
        regimes: dict[str, Regime],
        today: datetime.date,
    ) -> None:
        self.units = units
        self.agencies = agencies
        self.users = users
        self.regimes = regimes
        self.today = today

    def day(self, value: Day) -> datetime.date:
        if isinstance(value, datetime.date):
            return value
        return self.today - datetime.timedelta(days=value)

    def run_all(self, scenarios: tuple[Scenario, ...] = SCENARIOS) -> list[Case]:
        people = IdentityFactory()
        # Identities are drawn first, in order, so each scenario always gets the same person.
        identities = [
            people.identity(
                sex=s.sex,
                birth_year=s.birth_year,
                exact_birth_date=s.exact_birth_date,
                identity_number=s.identity_number,
                phone=s.phone,
            )
            for s in scenarios
        ]
        pairs = zip(scenarios, identities, strict=True)
        return [self.run(number, s, identity) for number, (s, identity) in enumerate(pairs, 1)]

    def _fresh(self, case: Case) -> Case:
        """The case as the database has it now (services lock and change their own copy)."""
        return Case.objects.select_related("person", "home_unit__province", "responsible_agency").get(pk=case.pk)

    def run(self, number: int, s: Scenario, identity: Identity) -> Case:
        received = self.day(s.received)
        home = self.units.home(s.place, received) if s.place else self.units.quang_ninh_commune
        worker = self.users[s.worker]
        with _step(number, "case_open"):
            case = case_services.case_open(
                actor=self.users[s.opened_by],
                channel=s.channel,
                received_on=received,
                home_unit=home,
                responsible_agency=self.agencies[s.responsible],
                full_name=identity.full_name,
                birth_date=identity.birth_date,
                birth_year=identity.birth_year,
                sex=identity.sex,
                identity_number=identity.identity_number,
                phone=identity.phone,
                address_detail=identity.address_detail,
                source_agency=self.agencies[s.source_agency] if s.source_agency else None,
                source_reference=s.source_reference.format(date=_short(received)),
                notes=s.notes,
            )
        for consent in s.consents:
            with _step(number, "consent_record"):
                case_services.consent_record(
                    actor=worker,
                    case=case,
                    scope=consent.scope,
                    granted=consent.granted,
                    recorded_on=self.day(consent.on),
                    agency=self.agencies[consent.agency] if consent.agency else None,
                )
        if s.verification is not None:
            self._verify(number, case, worker, s.verification)
        for decision in s.decisions:
            with _step(number, "support_decision_record"):
                recorded = support_services.support_decision_record(
                    actor=worker,
                    case=self._fresh(case),
                    regime=self.regimes[decision.regime],
                    decided_on=self.day(decision.on),
                    days=decision.days,
                    amount_vnd=decision.amount,
                    # Demo applicants are poor households and file on the day of the decision.
                    poor_household=True,
                    application_filed_on=self.day(decision.on),
                )
            for delivery in decision.deliveries:
                with _step(number, "support_delivery_record"):
                    support_services.support_delivery_record(
                        actor=worker,
                        decision=recorded,
                        delivered_on=self.day(delivery.on),
                        agency=self.agencies[delivery.agency],
                        amount_vnd=delivery.amount,
                        evidence=delivery.evidence,
                    )
        for referral in s.referrals:
            self._refer(number, case, worker, referral)
        for visit in s.visits:
            with _step(number, "follow_up_visit_record"):
                case_services.follow_up_visit_record(
                    actor=self.users[visit.by], case=case, visited_on=self.day(visit.on), notes=visit.notes
                )
        if s.closure is not None:
            fresh = self._fresh(case)
            with _step(number, "case_close"):
                case_services.case_close(
                    actor=worker,
                    case=fresh,
                    closed_on=self.day(s.closure.on),
                    reason=s.closure.reason,
                    expected_version=fresh.version,
                )
        return case

    def _verify(self, number: int, case: Case, worker: User, verification: Verification) -> None:
        with _step(number, "verification_request_send"):
            request = case_services.verification_request_send(
                actor=worker,
                case=case,
                police_agency=self.agencies[a.CONG_AN],
                sent_on=self.day(verification.sent),
            )
        if verification.outcome is None or verification.answered is None:
            return
        answered = self.day(verification.answered)
        with _step(number, "verification_request_answer"):
            case_services.verification_request_answer(
                actor=self.users[u.POLICE_OFFICER],
                request=request,
                outcome=verification.outcome,
                answered_on=answered,
                certifying_document=verification.document.format(date=_short(answered)),
                expected_version=request.version,
            )

    def _refer(self, number: int, case: Case, worker: User, referral: Referral) -> None:
        with _step(number, "referral_send"):
            sent = support_services.referral_send(
                actor=worker,
                case=self._fresh(case),
                to_agency=self.agencies[referral.to],
                sent_on=self.day(referral.sent),
                regime=self.regimes[referral.regime] if referral.regime else None,
                message=referral.message,
            )
        responder_name = REFERRAL_RESPONDERS.get(referral.to)
        if responder_name is None:
            return
        responder = self.users[responder_name]
        if referral.declined is not None:
            with _step(number, "referral_decline"):
                support_services.referral_decline(
                    actor=responder,
                    referral=sent,
                    responded_on=self.day(referral.declined),
                    reason=referral.reason,
                    expected_version=sent.version,
                )
            return
        if referral.accepted is None:
            return
        with _step(number, "referral_accept"):
            sent = support_services.referral_accept(
                actor=responder, referral=sent, responded_on=self.day(referral.accepted), expected_version=sent.version
            )
        if referral.delivered is not None:
            with _step(number, "referral_record_delivery"):
                support_services.referral_record_delivery(
                    actor=responder,
                    referral=sent,
                    delivered_on=self.day(referral.delivered),
                    expected_version=sent.version,
                )
