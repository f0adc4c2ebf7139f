"""Reads of the dossier: the documents checklist of a case, and one document to download."""

import uuid
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from agencies import capabilities as cap
from agencies.models import User
from cases.models import Document, DocumentKind, IdentificationStatus
from cases.policies import cases_for
from cases.selectors.case_page import CasePage
from core.errors import NOT_FOUND, DomainError

_DECIDED = "decided"  # support.models.DecisionStatus.DECIDED; support depends on cases, not the reverse


@dataclass(frozen=True)
class ChecklistItem:
    """One kind of document the dossier needs, why, and whether one is on file."""

    kind: str
    label: str | Promise
    asked_by: list[str | Promise]  # "every dossier", "identified victim" and the regimes' names
    on_file: int  # how many documents of this kind are attached


def dossier_checklist(*, page: CasePage) -> list[ChecklistItem]:
    """The checklist of a case, from what the case page has already loaded: no query.

    Every dossier holds the person's application for support; an identified victim's
    also holds the document confirming victim status; each regime decided for the case
    (not cancelled) adds its own ``required_documents``.
    """
    reasons: dict[str, list[str | Promise]] = {DocumentKind.APPLICATION: [_("every dossier")]}
    if page.case.identification_status == IdentificationStatus.IDENTIFIED:
        reasons[DocumentKind.CERTIFYING] = [_("identified victim")]
    regimes = {d.regime_id: d.regime for d in page.decisions if d.status == _DECIDED}
    for regime in sorted(regimes.values(), key=lambda r: (r.sort_order, r.code)):
        for kind in regime.required_documents:
            if kind in DocumentKind.values and regime.name not in reasons.setdefault(kind, []):
                reasons[kind].append(regime.name)
    on_file: dict[str, int] = {}
    for document in page.documents:
        on_file[document.kind] = on_file.get(document.kind, 0) + 1
    return [
        ChecklistItem(kind=kind, label=label, asked_by=reasons[kind], on_file=on_file.get(kind, 0))
        for kind, label in DocumentKind.choices
        if kind in reasons
    ]


def document_get(*, actor: User, document_id: uuid.UUID) -> Document:
    """A document of a case the actor may read; any other answers like a missing one."""
    document = (
        Document.objects.select_related("case").filter(pk=document_id, case__in=cases_for(actor, cap.CASE_VIEW)).first()
    )
    if document is None:
        raise DomainError(NOT_FOUND)
    return document
