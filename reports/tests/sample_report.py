"""A standard report built by hand, as ``standard_report`` returns it: what the export and chart tests print.

The figures echo the issue: the department supported 12 victims in 18 instances, vocational
training 9 instances totalling 18.000.000 ₫; 22 awareness sessions reached 4.670 people.
"""

import datetime
import xml.etree.ElementTree as ET

from django.utils.functional import lazystr

from reports.definitions import MINISTRY_PERIODIC, RESEARCH_PARTNERS
from reports.tables import Cell, Indicator, Measure, ReportScope, Row, StandardReport, Table

PERSONS_SUPPORTED = Indicator("persons_supported", lazystr("Persons supported"), Measure.PERSONS, lazystr("distinct"))
INSTANCES = Indicator("instances", lazystr("Instances of support"), Measure.INSTANCES, lazystr("deliveries"))
AMOUNT = Indicator("amount_vnd", lazystr("Amount of support"), Measure.VND, lazystr("đồng"), companion="instances")
SESSIONS = Indicator("sessions", lazystr("Awareness sessions"), Measure.RECORDS, lazystr("held"), disclosive=False)
ATTENDEES = Indicator(
    "attendees", lazystr("Attendees of awareness sessions"), Measure.PERSON_TIMES, lazystr("came"), disclosive=False
)

THIRD_QUARTER = (datetime.date(2025, 7, 1), datetime.date(2025, 9, 30))


def _row(key: str, label: str, **values: int | None) -> Row:
    return Row(
        key=key,
        label=label,
        cells={code: Cell(value=value, suppressed=value is None) for code, value in values.items()},
    )


def sample_report(*, suppressed: bool = False, consent_only: bool = False) -> StandardReport:
    """The third quarter of 2025 in Hải Phòng; with ``suppressed``, as the ministry gets it (threshold 5)."""
    scope = ReportScope(
        report=RESEARCH_PARTNERS if consent_only else MINISTRY_PERIODIC,
        start=THIRD_QUARTER[0],
        end=THIRD_QUARTER[1],
        area_id=None,
        area_label="Thành phố Hải Phòng",
        period_label="Quý 3/2025",
    )
    headline = Table(
        code="headline",
        title="Headline figures",
        dimension="Area",
        indicators=[PERSONS_SUPPORTED, INSTANCES, AMOUNT, SESSIONS, ATTENDEES],
        rows=[
            _row(
                "all",
                "Thành phố Hải Phòng",
                persons_supported=12,
                instances=18,
                amount_vnd=18_000_000,
                sessions=22,
                attendees=4_670,
            )
        ],
    )
    hidden = None if suppressed else 3
    hidden_too = None if suppressed else 4
    by_regime = Table(
        code="by_regime",
        title="Support by regime",
        dimension="Regime",
        indicators=[PERSONS_SUPPORTED, INSTANCES, AMOUNT],
        rows=[
            _row("vocational_training", "Hỗ trợ học nghề", persons_supported=9, instances=9, amount_vnd=18_000_000),
            _row("initial_hardship", "Trợ cấp khó khăn ban đầu", persons_supported=hidden, instances=9, amount_vnd=0),
            _row("legal_aid", "Trợ giúp pháp lý", persons_supported=hidden_too, instances=0, amount_vnd=0),
        ],
        total=_row("total", "Tổng cộng", persons_supported=12, instances=18, amount_vnd=18_000_000),
    )
    by_agency = Table(
        code="by_agency",
        title="Support by agency: the department, the Women's Union and the communes' people's committees",
        dimension="Agency",
        indicators=[PERSONS_SUPPORTED, INSTANCES],
        rows=[
            _row("so-y-te", "Sở Y tế Thành phố Hải Phòng", persons_supported=12, instances=18),
            _row("hoi-lhpn", "Hội Liên hiệp Phụ nữ Thành phố Hải Phòng", persons_supported=0, instances=0),
        ],
        total=_row("total", "Tổng cộng", persons_supported=12, instances=18),
    )
    return StandardReport(
        scope=scope,
        headline=headline,
        breakdowns=[by_regime, by_agency],
        counts_only_consenting=consent_only,
        left_out_for_consent=2 if consent_only else None,
        suppressed_for_audience=suppressed,
        suppression_threshold=5 if suppressed else 0,
    )


def svg_root(svg: object) -> ET.Element:
    """A chart's SVG parsed as XML: the tests' own output, so the standard parser will do."""
    return ET.fromstring(str(svg))  # noqa: S314  # nosec B314
