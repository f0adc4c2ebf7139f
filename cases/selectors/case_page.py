"""Everything the case page shows, in a fixed number of queries whatever the case holds."""

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from agencies.models import User
from cases.models import Case, CaseStatusChange, Consent, ConsentScope
from cases.selectors.cases import case_get


@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened to a case; ``kind`` chooses the sentence the template shows."""

    day: datetime.date
    recorded_at: datetime.datetime
    kind: str
    record: Any


@dataclass
class CasePage:
    case: Case
    intakes: list[Any]
    consents: list[Consent]
    consents_in_force: list[Consent]
    verification_requests: list[Any]
    decisions: list[Any]
    applications: list[Any]  # support.selectors.ApplicationView: each application with its steps
    referrals: list[Any]
    documents: list[Any]
    visits: list[Any]
    assessments: list[Any]
    status_changes: list[CaseStatusChange]
    timeline: list[TimelineEntry] = field(default_factory=list)


def _latest_consents(consents: list[Consent]) -> list[Consent]:
    """The record in force for each scope (and agency shared with): the latest one."""
    latest: dict[tuple[str, int | None], Consent] = {}
    for consent in sorted(consents, key=lambda c: (c.recorded_on, c.created_at)):
        latest[(consent.scope, consent.agency_id)] = consent
    order = list(ConsentScope.values)
    return sorted(latest.values(), key=lambda c: (order.index(c.scope), c.agency.name if c.agency else ""))


def _timeline(page: CasePage) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []

    def add(day: datetime.date | None, kind: str, record: Any) -> None:
        if day is not None:
            entries.append(TimelineEntry(day, record.created_at, kind, record))

    for intake in page.intakes:
        add(intake.received_on, "intake", intake)
    for consent in page.consents:
        add(consent.recorded_on, "consent", consent)
    for request in page.verification_requests:
        add(request.sent_on, "verification_sent", request)
        add(request.answered_on, "verification_answered", request)
    for decision in page.decisions:
        add(decision.decided_on, "decision", decision)
        for delivery in decision.deliveries.all():
            add(delivery.delivered_on, "delivery", delivery)
    for referral in page.referrals:
        add(referral.sent_on, "referral_sent", referral)
        add(
            referral.responded_on,
            "referral_declined" if referral.status == "declined" else "referral_accepted",
            referral,
        )
        add(referral.delivered_on, "referral_delivered", referral)
    for view in page.applications:
        add(view.application.filed_on, "application", view.application)
    for document in page.documents:
        add(document.created_at.date(), "document", document)
    for visit in page.visits:
        add(visit.visited_on, "visit", visit)
    for assessment in page.assessments:
        add(assessment.assessed_on, "assessment", assessment)
    for change in page.status_changes:
        add(change.changed_on, f"case_{change.kind}", change)
    from programmes.selectors import case_loan_entries  # programmes depends on cases, not the reverse

    entries += case_loan_entries(page.case)
    return sorted(entries, key=lambda e: (e.day, e.recorded_at), reverse=True)


def case_page(*, actor: User, case_id: uuid.UUID) -> CasePage:
    """The case with everything recorded on it; the read of the person is audited once."""
    case = case_get(actor=actor, case_id=case_id)
    from support.models import SupportDelivery  # support depends on cases, not the reverse
    from support.selectors import case_applications

    page = CasePage(
        case=case,
        intakes=list(case.intakes.select_related("source_agency", "recorded_by_agency")),
        consents=list(case.consents.select_related("agency")),
        consents_in_force=[],
        verification_requests=list(case.verification_requests.select_related("police_agency", "requesting_agency")),
        decisions=list(
            case.decisions.select_related("regime", "rule", "deciding_agency").prefetch_related(
                Prefetch("deliveries", queryset=SupportDelivery.objects.select_related("agency"))
            )
        ),
        applications=case_applications(case=case),
        referrals=list(case.referrals.select_related("regime", "from_agency", "to_agency")),
        documents=list(case.documents.select_related("uploaded_by")),
        visits=list(case.follow_up_visits.select_related("agency", "officer")),
        assessments=list(case.assessments.select_related("agency")),
        status_changes=list(case.status_changes.select_related("actor")),
    )
    page.consents_in_force = _latest_consents(page.consents)
    page.timeline = _timeline(page)
    return page
