"""Loading of the national regime catalogue and rules from ``support/data/regimes.json``.

Rules are legal data: a new decree is a new entry in that file (or, for a provincial
rate, a row added by an administrator), not new code.
"""

import datetime
import json
from pathlib import Path
from typing import Any

from django.db import transaction

from support.models import Regime, RegimeRule
from support.selectors import rule_data_problems

RULE_FIELDS = (
    "legal_article",
    "valid_to",
    "eligible_groups",
    "amount_kind",
    "amount_vnd",
    "max_days",
    "one_off",
    "poor_household_required",
    "age_under",
    "application_required",
    "providing_agency_type",
    "figure_unconfirmed",
    "conditions",
)


class RuleDataError(ValueError):
    """A rule of the data file is refused by the same checks as the admin (overlap, reversed dates...)."""


DATA_FILE = Path(__file__).parent / "data" / "regimes.json"


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def regime_catalogue_load(path: Path = DATA_FILE) -> dict[str, int]:
    """Create or refresh the national regimes and rules; provincial rules are left alone."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    counts = {"regimes": 0, "rules_created": 0, "rules_updated": 0}
    regimes: dict[str, Regime] = {}
    for entry in data["regimes"]:
        regimes[entry["code"]], _ = Regime.objects.update_or_create(
            code=entry["code"],
            defaults={
                "name_vi": entry["name_vi"],
                "name_en": entry["name_en"],
                "sort_order": entry["sort_order"],
                "required_documents": entry["required_documents"],
            },
        )
        counts["regimes"] += 1
    for entry in data["rules"]:
        key = {
            "regime": regimes[entry["regime"]],
            "legal_basis": entry["legal_basis"],
            "valid_from": _date(entry["valid_from"]),
            "province": None,
        }
        values = {name: entry.get(name) for name in RULE_FIELDS}
        values["valid_to"] = _date(entry["valid_to"])
        for flag in ("one_off", "poor_household_required", "application_required", "figure_unconfirmed"):
            values[flag] = bool(values[flag])
        values["providing_agency_type"] = values["providing_agency_type"] or ""
        values["conditions"] = values["conditions"] or ""
        values["legal_article"] = values["legal_article"] or ""
        rule = RegimeRule.objects.filter(**key).first() or RegimeRule(**key)
        was_created = rule._state.adding
        for name, value in values.items():
            setattr(rule, name, value)
        problems = rule_data_problems(rule)
        if problems:
            raise RuleDataError(
                f"{entry['regime']} {entry['legal_basis']} {entry['valid_from']}: "
                + "; ".join(error.message for _field, error in problems)
            )
        rule.save()
        counts["rules_created" if was_created else "rules_updated"] += 1
    return counts
