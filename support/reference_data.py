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
        _, was_created = RegimeRule.objects.update_or_create(
            regime=regimes[entry["regime"]],
            legal_basis=entry["legal_basis"],
            valid_from=_date(entry["valid_from"]),
            province=None,
            defaults={
                "legal_article": entry["legal_article"],
                "valid_to": _date(entry["valid_to"]),
                "eligible_groups": entry["eligible_groups"],
                "amount_kind": entry["amount_kind"],
                "amount_vnd": entry["amount_vnd"],
                "max_days": entry["max_days"],
                "one_off": entry["one_off"],
                "conditions": entry["conditions"],
            },
        )
        counts["rules_created" if was_created else "rules_updated"] += 1
    return counts
