"""Loading the two maps of administrative units (before and after 1 July 2025) and their successions.

The source is the data bundled with the ``vietnamadminunits`` package (MIT). We read its
SQLite file and JSON converter directly and never import the package: its own
dependencies are not installed (one of them is GPL).
"""

import datetime
import importlib.util
import json
import re
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone

from core.errors import DomainError
from core.textfold import fold
from geo.errors import DATA_INVALID, DATA_MISSING
from geo.models import CURRENT_MAP_STARTS, LEGACY_MAP_ENDS, AdminUnit, Level, Scheme, UnitSuccession

UnitKey = tuple[str, str, str]  # (scheme, level, code): how a unit is identified across loads
LoadCounts = dict[str, dict[str, int]]

_DATASET = "dataset.db"
_CONVERTER = "converter_2025.json"
_BATCH = 1000
_UNIT_COUNTS = ("created", "updated", "unchanged", "not_in_data")
_SUCCESSION_COUNTS = ("created", "updated", "unchanged", "removed")

# Longest first, so that "Thành phố" is not read as some shorter word.
_UNIT_TYPES = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã")
# The package tells apart namesakes in one district with a suffix: "Cai Lậy (Huyện)".
_SHORT_SUFFIX = re.compile(r"\s*\((?:" + "|".join(_UNIT_TYPES) + r")\)$", re.IGNORECASE)
_FIELDS = (
    "name",
    "short_name",
    "unit_type",
    "folded_name",
    "parent_id",
    "province_id",
    "current_province_id",
    "valid_from",
    "valid_to",
)
_VALIDITY: dict[str, tuple[datetime.date | None, datetime.date | None]] = {
    Scheme.LEGACY: (None, LEGACY_MAP_ENDS),
    Scheme.CURRENT: (CURRENT_MAP_STARTS, None),
}


class Output(Protocol):
    """Where progress goes: a text stream, or a management command's ``self.stdout``."""

    def write(self, text: str, /) -> object: ...


@dataclass(frozen=True)
class _UnitRow:
    key: UnitKey
    name: str
    short_name: str
    unit_type: str
    parent: UnitKey | None
    province: UnitKey
    current_province: UnitKey


@dataclass
class _Source:
    # In load order: every unit a row points at comes earlier (or is the row itself).
    levels: list[tuple[str, str, list[_UnitRow]]]  # (scheme, level, units)
    # (old unit, new unit) -> is the main successor
    successions: dict[tuple[UnitKey, UnitKey], bool]


def admin_units_data_dir() -> Path | None:
    """The package's data folder, found without importing (and so running) the package."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def admin_units_load(*, stdout: Output | None = None) -> LoadCounts:
    """Create or refresh both maps and the successions between them; a second run changes nothing.

    Units are never deleted (cases and agencies point at them); a unit the data no longer
    has is only counted as ``not_in_data``. Successions from the legacy to the current map
    that the data no longer has are removed.
    """
    data_dir = admin_units_data_dir()
    if data_dir is None or not (data_dir / _DATASET).is_file() or not (data_dir / _CONVERTER).is_file():
        raise DomainError(DATA_MISSING, path=str(data_dir) if data_dir else "vietnamadminunits is not installed")
    _say(stdout, f"Reading {data_dir}")
    source = _read_source(data_dir)

    counts = {level: Counter[str]() for level in Level.values}
    with transaction.atomic(durable=True):
        units = {(u.scheme, u.level, u.code): u for u in AdminUnit.objects.all()}
        stale = set(units)
        now = timezone.now()
        for scheme, level, rows in source.levels:
            _say(stdout, f"{scheme} {level}: {len(rows)} units")
            counts[level].update(_sync_units(rows, units, now))
            stale.difference_update(row.key for row in rows)
        for _scheme, level, _code in stale:
            counts[level]["not_in_data"] += 1
        _say(stdout, f"successions: {len(source.successions)}")
        succession_counts = _sync_successions(source.successions, units)
    result = {level: {key: counts[level][key] for key in _UNIT_COUNTS} for level in Level.values}
    result["succession"] = {key: succession_counts[key] for key in _SUCCESSION_COUNTS}
    return result


def admin_units_load_changed(counts: LoadCounts) -> bool:
    """Whether a load (its result) changed anything."""
    return any(c.get("created") or c.get("updated") or c.get("removed") for c in counts.values())


def _say(stdout: Output | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


# --- syncing with the database ---


def _sync_units(rows: list[_UnitRow], units: dict[UnitKey, AdminUnit], now: datetime.datetime) -> Counter[str]:
    """Insert the missing units of one level, then update those that differ from the data."""
    counts: Counter[str] = Counter()
    new = [
        AdminUnit(scheme=row.key[0], level=row.key[1], code=row.key[2], **_values(row, units))
        for row in rows
        if row.key not in units
    ]
    # Both supported databases return the new ids, which the rows after these point at.
    AdminUnit.objects.bulk_create(new, batch_size=_BATCH)
    for unit in new:
        units[(unit.scheme, unit.level, unit.code)] = unit
    counts["created"] = len(new)
    created = {id(unit) for unit in new}

    changed: list[AdminUnit] = []
    for row in rows:
        unit = units[row.key]
        values = _values(row, units)
        differs = [field for field, value in values.items() if getattr(unit, field) != value]
        if differs:
            # A new province points at itself, which only its new id makes possible.
            for field in differs:
                setattr(unit, field, values[field])
            unit.updated_at = now
            changed.append(unit)
        if id(unit) not in created:
            counts["updated" if differs else "unchanged"] += 1
    AdminUnit.objects.bulk_update(changed, [*_FIELDS, "updated_at"], batch_size=_BATCH)
    return counts


def _values(row: _UnitRow, units: dict[UnitKey, AdminUnit]) -> dict[str, Any]:
    def pk(key: UnitKey | None) -> int | None:
        unit = units.get(key) if key else None
        return unit.pk if unit is not None else None

    valid_from, valid_to = _VALIDITY[row.key[0]]
    return {
        "name": row.name,
        "short_name": row.short_name,
        "unit_type": row.unit_type,
        "folded_name": fold(row.name),
        "parent_id": pk(row.parent),
        "province_id": pk(row.province),
        "current_province_id": pk(row.current_province),
        "valid_from": valid_from,
        "valid_to": valid_to,
    }


def _sync_successions(wanted: dict[tuple[UnitKey, UnitKey], bool], units: dict[UnitKey, AdminUnit]) -> Counter[str]:
    counts: Counter[str] = Counter()
    wanted_pks = {(units[old].pk, units[new].pk): is_main for (old, new), is_main in wanted.items()}
    existing = {
        (s.predecessor_id, s.successor_id): s
        for s in UnitSuccession.objects.filter(predecessor__scheme=Scheme.LEGACY, successor__scheme=Scheme.CURRENT)
    }
    new, changed = [], []
    for pair, is_main in wanted_pks.items():
        succession = existing.get(pair)
        if succession is None:
            new.append(
                UnitSuccession(
                    predecessor_id=pair[0], successor_id=pair[1], effective_on=CURRENT_MAP_STARTS, is_main=is_main
                )
            )
        elif succession.is_main != is_main or succession.effective_on != CURRENT_MAP_STARTS:
            succession.is_main, succession.effective_on = is_main, CURRENT_MAP_STARTS
            changed.append(succession)
        else:
            counts["unchanged"] += 1
    gone = [s.pk for pair, s in existing.items() if pair not in wanted_pks]
    UnitSuccession.objects.bulk_create(new, batch_size=_BATCH)
    UnitSuccession.objects.bulk_update(changed, ["is_main", "effective_on"], batch_size=_BATCH)
    for start in range(0, len(gone), _BATCH):
        UnitSuccession.objects.filter(pk__in=gone[start : start + _BATCH]).delete()
    counts.update(created=len(new), updated=len(changed), removed=len(gone))
    return counts


# --- reading the package data ---


def _read_source(data_dir: Path) -> _Source:
    try:
        connection = sqlite3.connect((data_dir / _DATASET).as_uri() + "?mode=ro", uri=True)
        try:
            current_rows = connection.execute(
                "SELECT provinceCode, province, provinceShort, provinceKey,"
                " wardCode, ward, wardShort, wardType, wardKey"
                " FROM admin_units ORDER BY provinceCode, wardCode"
            ).fetchall()
            legacy_rows = connection.execute(
                "SELECT provinceCode, province, provinceShort, provinceKey,"
                " districtCode, district, districtShort, districtType, districtKey,"
                " wardCode, ward, wardShort, wardType, wardKey"
                " FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
            ).fetchall()
        finally:
            connection.close()
        converter = json.loads((data_dir / _CONVERTER).read_text(encoding="utf-8"))
    except (sqlite3.Error, OSError, ValueError) as exc:
        raise DomainError(DATA_INVALID, problem=str(exc)) from exc
    try:
        return _build_source(current_rows, legacy_rows, converter)
    except (KeyError, TypeError) as exc:
        raise DomainError(DATA_INVALID, problem=f"unknown key {exc}") from exc


def _build_source(current_rows: list[tuple], legacy_rows: list[tuple], converter: dict[str, Any]) -> _Source:
    cur, old = Scheme.CURRENT, Scheme.LEGACY
    P, D, C = Level.PROVINCE, Level.DISTRICT, Level.COMMUNE

    # The current map: 34 provinces, communes directly under them.
    cur_provinces: dict[str, _UnitRow] = {}
    cur_communes: list[_UnitRow] = []
    cur_province_by_key: dict[str, UnitKey] = {}
    cur_commune_by_key: dict[tuple[str, str], UnitKey] = {}
    for p_code, p_name, p_short, p_key, w_code, w_name, w_short, w_type, w_key in current_rows:
        province = (cur, P, p_code)
        if p_code not in cur_provinces:
            cur_provinces[p_code] = _row(province, p_name, p_short, None, None, province, province)
            cur_province_by_key[p_key] = province
        commune = (cur, C, w_code)
        cur_communes.append(_row(commune, w_name, w_short, w_type, province, province, province))
        cur_commune_by_key[(p_key, w_key)] = commune

    # The legacy map: 63 provinces, their districts, and communes under the districts.
    covering = {
        old_key: cur_province_by_key[new_key]
        for new_key, old_keys in converter["DICT_PROVINCE"].items()
        for old_key in old_keys
    }
    old_provinces: dict[str, _UnitRow] = {}
    old_districts: dict[str, _UnitRow] = {}
    old_communes: list[_UnitRow] = []
    # "provinceKey_districtKey_wardKey" as the converter writes it; an island district
    # without communes appears with an empty ward key.
    old_by_key: dict[str, UnitKey] = {}
    for row in legacy_rows:
        (
            p_code,
            p_name,
            p_short,
            p_key,
            d_code,
            d_name,
            d_short,
            d_type,
            d_key,
            w_code,
            w_name,
            w_short,
            w_type,
            w_key,
        ) = row
        province, district = (old, P, p_code), (old, D, d_code)
        now_in = covering[p_key]
        if p_code not in old_provinces:
            old_provinces[p_code] = _row(province, p_name, p_short, None, None, province, now_in)
        if d_code not in old_districts:
            old_districts[d_code] = _row(district, d_name, d_short, d_type, province, province, now_in)
        if w_code is None:
            old_by_key[f"{p_key}_{d_key}_"] = district
            continue
        commune = (old, C, w_code)
        old_communes.append(_row(commune, w_name, w_short, w_type, district, province, now_in))
        old_by_key[f"{p_key}_{d_key}_{w_key}"] = commune

    successions = _successions(converter, old_by_key, cur_commune_by_key, old_communes)
    for old_province in old_provinces.values():
        successions[(old_province.key, old_province.current_province)] = True

    return _Source(
        levels=[
            (cur, P, list(cur_provinces.values())),
            (old, P, list(old_provinces.values())),
            (old, D, list(old_districts.values())),
            (old, C, old_communes),
            (cur, C, cur_communes),
        ],
        successions=successions,
    )


def _successions(
    converter: dict[str, Any],
    old_by_key: dict[str, UnitKey],
    cur_commune_by_key: dict[tuple[str, str], UnitKey],
    old_communes: list[_UnitRow],
) -> dict[tuple[UnitKey, UnitKey], bool]:
    """Legacy commune -> current commune(s), and legacy district -> the current communes its communes went to."""
    successions: dict[tuple[UnitKey, UnitKey], bool] = {}
    # Old communes that went whole into one new commune (several may have merged into it).
    for new_province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_keys in wards.items():
            for old_key in old_keys:
                successions[(old_by_key[old_key], cur_commune_by_key[(new_province, new_ward)])] = True
    # Old communes split among new ones; the "default" new commune took the main part.
    for new_province, old_wards in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in old_wards.items():
            for target in targets:
                new = cur_commune_by_key[(new_province, target["newWardKey"])]
                successions[(old_by_key[old_key], new)] = bool(target["isDefaultNewWard"])

    # A district's main successor is the new commune that took most of its communes
    # (counting main parts first, then any part; the lowest code breaks a tie).
    district_of = {row.key: row.parent for row in old_communes}
    shares: dict[UnitKey, dict[UnitKey, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for (old, new), is_main in list(successions.items()):
        district = district_of.get(old)
        if district is None:
            continue  # an island district mapped directly: it has no communes
        shares[district][new][0] += is_main
        shares[district][new][1] += 1
    for district, targets in shares.items():
        main = min(targets, key=lambda new: (-targets[new][0], -targets[new][1], new[2]))
        for new in targets:
            successions[(district, new)] = new == main
    return successions


def _row(
    key: UnitKey,
    name: str,
    short_name: str,
    unit_type: str | None,
    parent: UnitKey | None,
    province: UnitKey,
    current_province: UnitKey,
) -> _UnitRow:
    """A unit as we store it: the type word taken from the name, which the data gets right more often."""
    name, short_name = name.strip(), _SHORT_SUFFIX.sub("", short_name.strip())
    for word in _UNIT_TYPES:
        if name.lower().startswith(word.lower() + " "):
            # Also mends the case of "Thành Phố Bắc Kạn", "Thị Trấn Ái Tử".
            name, unit_type = word + name[len(word) :], word
            break
    if not unit_type:
        raise DomainError(DATA_INVALID, problem=f"no unit type for {name} ({key[2]})")
    return _UnitRow(key, name, short_name, unit_type, parent, province, current_province)
