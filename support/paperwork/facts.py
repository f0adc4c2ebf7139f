"""What the documents say about a person and an agency, written as Vietnamese papers write it."""

from dataclasses import dataclass

from agencies.models import Agency
from cases.models import Case, VerificationOutcome
from geo.models import AdminUnit
from people.models import Person

BLANK = "................................"
SEX_WORDS = {"female": "Nữ", "male": "Nam"}


@dataclass(frozen=True)
class Generated:
    """A generated document, ready to send: its file name (case code or period only) and bytes."""

    filename: str
    content: bytes


def unit_path(unit: AdminUnit | None) -> str:
    """ "Xã A, Thành phố Hải Phòng": the unit and the units above it."""
    names = []
    while unit is not None:
        names.append(unit.name)
        unit = unit.parent
    return ", ".join(names)


def province_name(agency: Agency) -> str:
    """The place of the place-and-date line: the short name of the agency's province ("Hải Phòng")."""
    unit = agency.unit
    province = unit.current_province or unit.province or unit
    return province.short_name or province.name


def birth_text(person: Person) -> str:
    if person.birth_date:
        return person.birth_date.strftime("%d/%m/%Y")
    return str(person.birth_year) if person.birth_year else BLANK


def birth_year(person: Person) -> str:
    year = person.birth_date.year if person.birth_date else person.birth_year
    return str(year) if year else ""


def residence(person: Person) -> str:
    parts = [person.address_detail, unit_path(person.home_unit)]
    return ", ".join(part for part in parts if part) or BLANK


def certifying_document(case: Case) -> str:
    """The certifying document the police recorded in its identifying answer, if any."""
    request = (
        case.verification_requests.filter(outcome=VerificationOutcome.IDENTIFIED)
        .exclude(certifying_document="")
        .order_by("-answered_on")
        .first()
    )
    return request.certifying_document if request else BLANK


def agency_symbol(agency: Agency) -> str:
    """The abbreviation after the document type in the number ("QĐ-SYT"); dots when the agency has none."""
    return agency.short_name or "......"


def lowercase_first(text: str) -> str:
    """A name inside a sentence: "Hỗ trợ học nghề" → "hỗ trợ học nghề", "Xã A" → "xã A"."""
    return text[:1].lower() + text[1:]
