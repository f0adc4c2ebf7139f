"""Cases the statistics tests count: received, identified, supported, with or without consent."""

import datetime

from agencies.models import Agency
from cases.models import Case, ConsentScope
from cases.services import case_open, consent_record
from geo.models import AdminUnit, Level, Scheme
from support.tests.helpers import identified_case
from support.tests.paperwork.helpers import decided, delivered

SEPTEMBER = (datetime.date(2025, 9, 1), datetime.date(2025, 9, 30))


def supported_case(
    personas, *, received_on=datetime.date(2025, 9, 2), regime="vocational_training", amounts=(1_000_000,), **extra
) -> Case:
    """A case identified on ``received_on``, with one delivery of each amount under one decision of ``regime``."""
    case = identified_case(personas, received_on=received_on, **extra)
    decision = decided(personas, case, regime, on=received_on, amount_vnd=sum(amounts))
    for day, amount in enumerate(amounts, start=1):
        delivered(personas, decision, on=received_on + datetime.timedelta(days=day), amount_vnd=amount)
    return case


def statistics_consent(personas, case: Case, *, granted: bool, on=datetime.date(2025, 9, 2)) -> None:
    consent_record(
        actor=personas.coordinator, case=case, scope=ConsentScope.STATISTICS, granted=granted, recorded_on=on
    )


def quang_ninh_case(personas, *, received_on=datetime.date(2025, 9, 2)) -> Case:
    """A case of the other province, opened by its own coordinator."""
    commune = (
        AdminUnit.objects.filter(scheme=Scheme.CURRENT, level=Level.COMMUNE, parent=personas.quang_ninh)
        .order_by("code")
        .first()
    )
    assert commune is not None
    return case_open(
        actor=personas.outsider,
        channel="application",
        received_on=received_on,
        home_unit=commune,
        responsible_agency=Agency.objects.get(code="qn-so-y-te"),
        full_name="Vũ Thị Lan",
    )
