"""The shape of a computed report: what the selectors produce and the page, exports and charts show.

A report is a headline table (one row: the whole area and period) and breakdown tables (one
row per agency, regime, channel, sex, age band or area unit), each with a total row. A cell
holds an integer — persons, instances (lượt), đồng, records or person-times, as its
indicator says — or nothing when it is suppressed for the audience (reports.suppression).
"""

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from reports.definitions import ReportDefinition


class Measure(models.TextChoices):
    PERSONS = "persons", _("persons")  # distinct people: one person helped twice counts once
    INSTANCES = "instances", _("instances")  # lượt: one person helped twice counts twice
    VND = "vnd", _("đồng")
    RECORDS = "records", _("records")  # cases, referrals, groups, sessions, loans, inspections…
    PERSON_TIMES = "person_times", _("person-times")  # attendance of sessions and meetings


@dataclass(frozen=True)
class Indicator:
    """One figure, defined once (reports/indicators.py, documented in docs/indicators.md)."""

    code: str
    title: "_StrPromise"
    measure: Measure
    definition: "_StrPromise"  # what is counted, in one sentence, for the page and the docs
    # A small value may point at a person (cases, persons, loans, members): suppressed for outside
    # audiences (reports.suppression). Activities (sessions, trainings, inspections, groups) are not.
    disclosive: bool = True
    # For an amount in đồng: the indicator counting the records it sums; the amount is hidden
    # wherever that count is hidden, so that a hidden count cannot be read off its amount.
    companion: str = ""


@dataclass
class Cell:
    value: int | None  # None when suppressed
    suppressed: bool = False


@dataclass
class Row:
    key: str  # stable id of the row (agency code, regime code, unit id, "female", "total", …)
    label: str
    cells: dict[str, Cell]  # indicator code -> cell


@dataclass
class Table:
    code: str  # "headline", "by_agency", "by_regime", "by_channel", "by_sex", "by_age_band", "by_area"
    title: "_StrPromise | str"
    dimension: "_StrPromise | str"  # heading of the row labels ("Agency", "Regime", …)
    indicators: list[Indicator]
    rows: list[Row]
    total: Row | None = None  # persons in a total are distinct over the rows, not their sum


@dataclass(frozen=True)
class ReportScope:
    report: "ReportDefinition"
    start: datetime.date
    end: datetime.date
    area_id: int | None  # geo.AdminUnit of either map; None for everything the user may count
    area_label: str
    period_label: str  # "Quý 3/2025", "01/06/2013 - 30/06/2019"


@dataclass
class StandardReport:
    scope: ReportScope
    headline: Table
    breakdowns: list[Table] = field(default_factory=list)
    counts_only_consenting: bool = False
    left_out_for_consent: int | None = None  # cases not counted for want of consent
    suppressed_for_audience: bool = False  # small counts hidden: this audience may not see the records
    suppression_threshold: int = 0
