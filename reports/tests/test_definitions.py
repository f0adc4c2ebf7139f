"""The report registry and the setting that adds reports to the consent-only set."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from reports.definitions import (
    MINISTRY_PERIODIC,
    REPORTS,
    RESEARCH_PARTNERS,
    consent_required,
    report_by_code,
)


def test_two_reports_with_their_default_audience_rule():
    assert [report.code for report in REPORTS] == ["ministry_periodic", "research_partners"]
    # The ministry's periodic report is a legal duty: every record counts
    assert not MINISTRY_PERIODIC.counts_only_consenting and not consent_required(MINISTRY_PERIODIC)
    # Research partners get only the people who consented
    assert RESEARCH_PARTNERS.counts_only_consenting and consent_required(RESEARCH_PARTNERS)
    assert report_by_code("research_partners") is RESEARCH_PARTNERS
    assert report_by_code("no_such_report") is None


@override_settings(HOANHAP_REPORTS_CONSENT_REQUIRED=["ministry_periodic"])
def test_the_setting_adds_a_report_to_the_consent_only_set():
    assert consent_required(MINISTRY_PERIODIC)
    assert consent_required(RESEARCH_PARTNERS)


@override_settings(HOANHAP_REPORTS_CONSENT_REQUIRED=["ministry_periodic", "ministy_typo"])
def test_an_unknown_report_code_in_the_setting_stops_start_up():
    with pytest.raises(ImproperlyConfigured, match="ministy_typo"):
        apps.get_app_config("reports").ready()
    with pytest.raises(ImproperlyConfigured, match="HOANHAP_REPORTS_CONSENT_REQUIRED"):
        consent_required(MINISTRY_PERIODIC)
