"""Opening generated .docx files, and the decisions and deliveries the document tests print."""

import datetime
import io

from django.db.models import Q
from docx import Document

from support.models import Regime, RegimeRule, SupportDecision, SupportDelivery
from support.services import support_delivery_record


def opened(content: bytes):
    """The document python-docx reads back from the bytes a view sent."""
    return Document(io.BytesIO(content))


def _cell_texts(table) -> list[str]:
    texts = []
    for row in table.rows:
        for cell in row.cells:
            texts += [paragraph.text for paragraph in cell.paragraphs]
            for inner in cell.tables:
                texts += _cell_texts(inner)
    return texts


def all_text(document) -> str:
    """Every paragraph of the body and of its tables, one a line."""
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        texts += _cell_texts(table)
    return "\n".join(texts)


def runs_with_text(document, text: str) -> list:
    """The runs whose text is ``text``, in body paragraphs and table cells."""
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    return [run for paragraph in paragraphs for run in paragraph.runs if run.text == text]


def national_rule(regime_code: str, day: datetime.date) -> RegimeRule:
    in_force = Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    return RegimeRule.objects.filter(in_force, regime__code=regime_code, province=None, valid_from__lte=day).get()


def decided(personas, case, regime_code: str, *, on: datetime.date, amount_vnd: int, **extra) -> SupportDecision:
    """A decision as the decision service stores it, under the national rule in force on ``on``.

    Made directly so that these document tests do not depend on the eligibility rules.
    """
    return SupportDecision.objects.create(
        case=case,
        regime=Regime.objects.get(code=regime_code),
        rule=national_rule(regime_code, on),
        decided_on=on,
        deciding_agency=personas.social_agency,
        amount_vnd=amount_vnd,
        decided_by=personas.coordinator,
        **extra,
    )


def delivered(personas, decision: SupportDecision, *, on: datetime.date, amount_vnd: int) -> SupportDelivery:
    decision.refresh_from_db()
    return support_delivery_record(
        actor=personas.coordinator,
        decision=decision,
        delivered_on=on,
        agency=personas.social_agency,
        amount_vnd=amount_vnd,
    )
