"""Cases the statistics tests count: received, identified, supported, with or without consent,
and the hand-made dataset whose right answers the standard report's tests work out."""

import datetime
from dataclasses import dataclass

from agencies.models import Agency, AgencyType
from cases.models import Case, ConsentScope
from cases.services import case_open, consent_record
from geo.models import AdminUnit, Level, Scheme
from support.models import SupportDecision
from support.services import support_delivery_record
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


# --- The hand-made dataset of the standard report's tests ------------------------------------------
#
# Old regime (Decree 09/2013), on units of the old map, 2014-2018:
#   A  Thị trấn Núi Đối (Kiến Thụy district; now Xã Kiến Thụy), woman born 1995, received and
#      identified 10/03/2014 (application): initial hardship 1.000.000 ₫ (social agency) and
#      vocational training 2.000.000 ₫ twice (social agency, then the vocational school).
#   B  Xã Kiến Quốc (Kiến Thụy district; now Xã Nghi Dương), man born 2000, received and
#      identified 05/06/2016 (police list): initial hardship 1.000.000 ₫ (social agency).
#   C  a commune of another district of Hải Phòng, year of birth unknown, received 01/02/2018
#      (border reception), never identified nor supported.
# New regime (Law 53/2024), third quarter of 2025, on units of the current map:
#   D  Xã Kiến Thụy, girl born 2009, received and identified 02/09/2025: essential needs
#      1.000.000 ₫ and 500.000 ₫ (social agency).
#   A  again, on the same case: vocational training 800.000 ₫ on 20/09/2025 (social agency).

OLD_PERIOD = (datetime.date(2013, 6, 1), datetime.date(2019, 6, 30))
Q3_2025 = (datetime.date(2025, 7, 1), datetime.date(2025, 9, 30))


@dataclass
class Dataset:
    a: Case
    b: Case
    c: Case
    d: Case
    school: Agency
    kien_thuy_district: AdminUnit
    kien_quoc: AdminUnit
    nghi_duong: AdminUnit
    other_district_commune: AdminUnit


def legacy_unit(code: str, level: str = Level.COMMUNE) -> AdminUnit:
    return AdminUnit.objects.get(scheme=Scheme.LEGACY, level=level, code=code)


def delivered_by(personas, decision: SupportDecision, agency: Agency, *, on: datetime.date, amount_vnd: int):
    decision.refresh_from_db()
    return support_delivery_record(
        actor=personas.coordinator, decision=decision, delivered_on=on, agency=agency, amount_vnd=amount_vnd
    )


def dataset(personas) -> Dataset:
    school = Agency.objects.create(
        code="hp-truong-nghe",
        name="Trường Trung cấp nghề Kiến Thụy",
        agency_type=AgencyType.SCHOOL,
        unit=personas.hai_phong,
    )
    kien_quoc = legacy_unit("11713")
    other_district_commune = (
        AdminUnit.objects.filter(
            scheme=Scheme.LEGACY, level=Level.COMMUNE, parent__parent=personas.legacy_commune.parent.parent
        )
        .exclude(parent=personas.legacy_commune.parent)
        .order_by("code")
        .first()
    )
    assert other_district_commune is not None
    day = datetime.date
    a = identified_case(
        personas,
        received_on=day(2014, 3, 10),
        home_unit=personas.legacy_commune,
        full_name="Nguyễn Thị An",
        birth_date=day(1995, 5, 1),
        sex="female",
    )
    hardship = decided(personas, a, "initial_hardship", on=day(2014, 3, 15), amount_vnd=1_000_000)
    delivered(personas, hardship, on=day(2014, 3, 20), amount_vnd=1_000_000)
    training = decided(personas, a, "vocational_training", on=day(2014, 3, 15), amount_vnd=4_000_000)
    delivered(personas, training, on=day(2014, 4, 1), amount_vnd=2_000_000)
    delivered_by(personas, training, school, on=day(2014, 5, 1), amount_vnd=2_000_000)

    b = identified_case(
        personas,
        received_on=day(2016, 6, 5),
        home_unit=kien_quoc,
        full_name="Trần Văn Bình",
        birth_date=day(2000, 1, 20),
        sex="male",
        channel="police_list",
    )
    delivered(
        personas,
        decided(personas, b, "initial_hardship", on=day(2016, 6, 8), amount_vnd=1_000_000),
        on=day(2016, 6, 10),
        amount_vnd=1_000_000,
    )

    c = personas.case_in_hai_phong(
        received_on=day(2018, 2, 1),
        home_unit=other_district_commune,
        full_name="Lê Thị Cúc",
        birth_date=None,
        channel="border_reception",
    )

    d = identified_case(
        personas, received_on=day(2025, 9, 2), full_name="Phạm Thị Dung", birth_date=day(2009, 11, 3), sex="female"
    )
    needs = decided(personas, d, "essential_needs", on=day(2025, 9, 3), amount_vnd=3_000_000)
    delivered(personas, needs, on=day(2025, 9, 5), amount_vnd=1_000_000)
    delivered(personas, needs, on=day(2025, 9, 10), amount_vnd=500_000)
    delivered(
        personas,
        decided(personas, a, "vocational_training", on=day(2025, 9, 15), amount_vnd=800_000),
        on=day(2025, 9, 20),
        amount_vnd=800_000,
    )
    return Dataset(
        a=a,
        b=b,
        c=c,
        d=d,
        school=school,
        kien_thuy_district=personas.legacy_commune.parent,
        kien_quoc=kien_quoc,
        nghi_duong=AdminUnit.objects.get(scheme=Scheme.CURRENT, level=Level.COMMUNE, code="11713"),
        other_district_commune=other_district_commune,
    )
