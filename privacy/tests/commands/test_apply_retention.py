"""manage.py apply_retention: counts only in its output, --dry-run changes nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditAction, AuditEvent
from people.models import Person
from privacy.tests.helpers import NAME, SECRETS, rich_case


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_prints_the_counts_and_changes_nothing(personas):
    # Given an expired case
    rich = rich_case(personas)
    # When the command runs dry
    output = _run("--dry-run", "--today", "29/11/2026")
    # Then it prints counts and the rules, never a name
    assert "Retention schedule on 29/11/2026 (dry run)" in output
    assert "closed_case: 5 years, 1 cases due" in output
    assert "audit_events: 10 years, kept (not applied)" in output
    assert "Cases due: 1; people whose identity is due: 1" in output
    assert not [secret for secret in SECRETS if secret in output]
    # and changes nothing
    assert Person.objects.get(pk=rich.case.person_id).full_name == NAME
    assert not AuditEvent.objects.filter(action=AuditAction.DEIDENTIFY).exists()


def test_a_run_de_identifies_and_a_second_finds_nothing(personas):
    rich = rich_case(personas)
    assert "Cases changed: 1 in 1 batches" in _run("--today", "29/11/2026", "--batch-size", "10")
    assert Person.objects.get(pk=rich.case.person_id).full_name == ""
    assert "Cases changed: 0 in 0 batches" in _run("--today", "29/11/2026")


def test_before_any_rule_is_in_force_nothing_happens(personas):
    rich_case(personas)
    assert "No retention rule is in force" in _run("--today", "31/12/2025")


@pytest.mark.parametrize("args", [["--today", "2026-11-29"], ["--today", "31/02/2026"], ["--batch-size", "0"]])
def test_bad_arguments_are_refused(db, args):
    with pytest.raises(CommandError):
        _run(*args)
