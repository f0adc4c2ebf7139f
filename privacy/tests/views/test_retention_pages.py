"""The retention schedule pages: privacy managers only; bad input gets a message and changes nothing."""

import datetime
import uuid
from html import escape

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy

from audit.models import AuditEvent
from core.errors import STALE_VERSION
from privacy import errors
from privacy.models import RecordType, RetentionRule
from privacy.tests.helpers import inspector, rich_case

DECISION = "Quyết định 15/2026/QĐ-UBND của UBND thành phố Hải Phòng"


def _text(message: object) -> str:
    return escape(str(message))


@pytest.fixture
def rule(db):
    return RetentionRule.objects.get(record_type=RecordType.CLOSED_CASE)


def _urls(rule) -> list[str]:
    return [
        reverse("privacy:retention_rules"),
        reverse("privacy:retention_rule_new"),
        reverse("privacy:retention_rule_edit", args=[rule.pk]),
    ]


def test_privacy_managers_see_the_schedule_with_the_cases_due(client, personas):
    # Given a case closed long ago
    rich_case(personas)
    for user in (personas.admin, inspector(personas)):
        # When a privacy manager opens the schedule
        client.force_login(user)
        response = client.get(reverse("privacy:retention_rules"))
        # Then every record type shows its rule in force, and how many cases are due today
        assert response.status_code == 200
        content = response.content.decode()
        for _code, label in RecordType.choices:
            assert _text(label) in content
        assert "01/01/2026" in content and "Mặc định của phần mềm" in content
        entries = {entry.record_type: entry for entry in response.context["schedule"]}
        assert entries["closed_case"].due_cases == 1
        assert entries["audit_events"].due_cases is None


def test_others_are_refused_and_anonymous_users_sent_to_sign_in(client, personas, rule):
    for user in (personas.coordinator, personas.reader, personas.ministry, personas.police_officer):
        client.force_login(user)
        for url in _urls(rule):
            assert client.get(url).status_code == 403
        for url in _urls(rule)[1:]:
            assert client.post(url, {}).status_code == 403
    client.logout()
    for url in _urls(rule):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_wrong_methods_and_unknown_rules(client, personas, rule):
    client.force_login(personas.admin)
    assert client.post(reverse("privacy:retention_rules")).status_code == 405
    assert client.put(reverse("privacy:retention_rule_new")).status_code == 405
    assert client.get(reverse("privacy:retention_rule_edit", args=[uuid.uuid4()])).status_code == 404


def test_a_manager_adds_the_provinces_rule(client, personas):
    # Given an administrator on the form
    client.force_login(personas.admin)
    assert client.get(reverse("privacy:retention_rule_new")).status_code == 200
    # When they add a rule
    response = client.post(
        reverse("privacy:retention_rule_new"),
        {"record_type": "documents", "period_years": "3", "legal_basis": DECISION, "valid_from": "01/03/2027"},
    )
    # Then it is saved and they are back on the schedule
    assert response.status_code == 302 and response["Location"] == reverse("privacy:retention_rules")
    rule = RetentionRule.objects.get(record_type="documents", valid_from=datetime.date(2027, 3, 1))
    assert (rule.period_years, rule.legal_basis) == (3, DECISION)
    assert AuditEvent.objects.filter(verb="retention_rule_add", object_id=str(rule.pk)).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"period_years": "0"}, "period_years", errors.PERIOD_OUT_OF_RANGE.message),
        ({"period_years": "năm"}, "period_years", errors.PERIOD_OUT_OF_RANGE.message),
        ({"legal_basis": ""}, "legal_basis", errors.LEGAL_BASIS_REQUIRED.message),
        ({"record_type": "all"}, "record_type", errors.RECORD_TYPE_INVALID.message),
        (
            {"valid_from": "31/02/2027"},
            "valid_from",
            gettext_lazy("Enter a date as dd/mm/yyyy, for example 05/09/2025."),
        ),
        ({"valid_from": "01/01/2026"}, "valid_from", errors.RULE_DAY_TAKEN.message),
    ],
)
def test_bad_input_gets_a_message_next_to_its_field_and_changes_nothing(client, personas, data, field, message):
    client.force_login(personas.admin)
    rules = RetentionRule.objects.count()
    values = {"record_type": "closed_case", "period_years": "3", "legal_basis": DECISION, "valid_from": "01/03/2027"}
    response = client.post(reverse("privacy:retention_rule_new"), values | data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [str(message)]
    assert _text(message) in response.content.decode()
    assert RetentionRule.objects.count() == rules


def test_a_manager_changes_a_rule_and_a_stale_form_is_refused(client, personas, rule):
    client.force_login(personas.admin)
    url = reverse("privacy:retention_rule_edit", args=[rule.pk])
    assert client.get(url).status_code == 200
    data = {"period_years": "7", "legal_basis": DECISION, "valid_from": "01/01/2026", "version": str(rule.version)}
    assert client.post(url, data).status_code == 302
    rule.refresh_from_db()
    assert (rule.period_years, rule.legal_basis) == (7, DECISION)
    # the same form sent again, at the old version
    response = client.post(url, data | {"period_years": "8"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [str(STALE_VERSION.message)]
    rule.refresh_from_db()
    assert rule.period_years == 7
