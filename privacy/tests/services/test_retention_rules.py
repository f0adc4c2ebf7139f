"""Changing the retention schedule: who may, what is refused, audited."""

import datetime

import pytest

from audit.models import AuditAction, AuditEvent
from core.errors import DomainError
from privacy import errors
from privacy.models import RecordType, RetentionRule
from privacy.selectors import retention_rules_in_force
from privacy.services import retention_rule_add, retention_rule_update
from privacy.tests.helpers import inspector

DECISION = "Quyết định 15/2026/QĐ-UBND của UBND thành phố Hải Phòng"


def test_the_migration_seeds_default_rules_for_every_record_type(db):
    rules = retention_rules_in_force(datetime.date(2026, 11, 29))
    assert {record_type: rule.period_years for record_type, rule in rules.items()} == {
        "closed_case": 5,
        "documents": 5,
        "follow_up": 5,
        "audit_events": 10,
    }
    assert retention_rules_in_force(datetime.date(2025, 12, 31)) == {}


def test_an_inspector_adds_a_rule_that_takes_over_from_its_day(personas):
    # Given the default rule for closed cases
    actor = inspector(personas)
    # When an inspector adds the province's own rule from 01/03/2027
    rule = retention_rule_add(
        actor=actor,
        record_type=RecordType.CLOSED_CASE,
        period_years=10,
        legal_basis=f"  {DECISION} ",
        valid_from=datetime.date(2027, 3, 1),
    )
    # Then it is in force from that day, the default before it
    assert rule.legal_basis == DECISION
    assert retention_rules_in_force(datetime.date(2027, 3, 1))["closed_case"] == rule
    assert retention_rules_in_force(datetime.date(2027, 2, 28))["closed_case"].period_years == 5
    # and the addition is audited
    event = AuditEvent.objects.get(verb="retention_rule_add")
    assert (event.action, event.actor, event.object_id) == (AuditAction.CREATE, actor, str(rule.pk))
    assert event.changes["period_years"] == 10


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"record_type": "everything"}, errors.RECORD_TYPE_INVALID),
        ({"period_years": 0}, errors.PERIOD_OUT_OF_RANGE),
        ({"period_years": 101}, errors.PERIOD_OUT_OF_RANGE),
        ({"legal_basis": "   "}, errors.LEGAL_BASIS_REQUIRED),
        ({"valid_from": datetime.date(2026, 1, 1)}, errors.RULE_DAY_TAKEN),
    ],
)
def test_bad_rules_are_refused_and_nothing_is_written(personas, fields, error):
    rules = RetentionRule.objects.count()
    values = {
        "record_type": RecordType.DOCUMENTS,
        "period_years": 3,
        "legal_basis": DECISION,
        "valid_from": datetime.date(2027, 1, 1),
    }
    with pytest.raises(DomainError) as raised:
        retention_rule_add(actor=personas.admin, **(values | fields))
    assert raised.value.code == error.code
    assert RetentionRule.objects.count() == rules
    assert not AuditEvent.objects.filter(verb="retention_rule_add").exists()


def test_only_privacy_managers_change_the_schedule(personas):
    rule = RetentionRule.objects.get(record_type=RecordType.CLOSED_CASE)
    for user in (personas.coordinator, personas.reader, personas.ministry):
        with pytest.raises(DomainError) as raised:
            retention_rule_update(
                actor=user,
                rule=rule,
                expected_version=rule.version,
                period_years=7,
                legal_basis=DECISION,
                valid_from=rule.valid_from,
            )
        assert raised.value.code == "permission_denied"


def test_an_update_is_versioned_and_audited(personas):
    # Given the default rule, opened by two administrators
    rule = RetentionRule.objects.get(record_type=RecordType.CLOSED_CASE)
    # When one changes the period
    saved = retention_rule_update(
        actor=personas.admin,
        rule=rule,
        expected_version=rule.version,
        period_years=7,
        legal_basis=DECISION,
        valid_from=rule.valid_from,
    )
    # Then the change is saved and audited with before and after
    assert (saved.period_years, saved.version) == (7, rule.version + 1)
    event = AuditEvent.objects.get(verb="retention_rule_update")
    assert event.changes["period_years"] == {"from": 5, "to": 7}
    # and the other, still at the old version, is refused
    with pytest.raises(DomainError) as raised:
        retention_rule_update(
            actor=personas.admin,
            rule=rule,
            expected_version=rule.version,
            period_years=3,
            legal_basis=DECISION,
            valid_from=rule.valid_from,
        )
    assert raised.value.code == "stale_version"
