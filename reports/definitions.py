"""The reports the system produces: each defined once, with its code, title and audience rule.

Who a report counts depends on its audience. The periodic reports a public authority owes
the ministry by law count every record: filing them is a legal duty, not a use that needs
the person's consent. Reports for other audiences (research, NGO partners) count only the
people whose consent in force allows statistics (``ConsentScope.STATISTICS``).

The default is in code (``counts_only_consenting``); the setting
``HOANHAP_REPORTS_CONSENT_REQUIRED`` (comma-separated codes) can add reports to the
consent-only set, never take one out of it.

A report for an outside audience (``outside_audience``) is read by people without access to
the records: its small counts are suppressed whoever computes it (reports.suppression), as
are the figures the ministry sees.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


@dataclass(frozen=True)
class ReportDefinition:
    code: str
    title: "_StrPromise"
    audience: "_StrPromise"
    counts_only_consenting: bool  # the default; see ``consent_required``
    # Read by people without access to the records: small counts are suppressed (reports.suppression).
    outside_audience: bool = False


MINISTRY_PERIODIC = ReportDefinition(
    code="ministry_periodic",
    title=_("Periodic report to the Ministry"),
    audience=_("The ministry, as the law requires: every record is counted."),
    counts_only_consenting=False,
)
RESEARCH_PARTNERS = ReportDefinition(
    code="research_partners",
    title=_("Figures for research partners"),
    audience=_("Research and NGO partners: only people who consented to be counted in statistics."),
    counts_only_consenting=True,
    outside_audience=True,
)

REPORTS: tuple[ReportDefinition, ...] = (MINISTRY_PERIODIC, RESEARCH_PARTNERS)
_BY_CODE = {report.code: report for report in REPORTS}


def report_by_code(code: str) -> ReportDefinition | None:
    return _BY_CODE.get(code)


def consent_required_codes() -> frozenset[str]:
    """Codes the setting adds to the consent-only set; an unknown code is a configuration error."""
    codes = frozenset(getattr(settings, "HOANHAP_REPORTS_CONSENT_REQUIRED", []))
    unknown = sorted(codes - _BY_CODE.keys())
    if unknown:
        raise ImproperlyConfigured(
            f"HOANHAP_REPORTS_CONSENT_REQUIRED names unknown reports {', '.join(unknown)}; "
            f"known reports: {', '.join(sorted(_BY_CODE))}."
        )
    return codes


def consent_required(report: ReportDefinition) -> bool:
    """The report counts only people whose consent in force allows statistics."""
    return report.counts_only_consenting or report.code in consent_required_codes()
