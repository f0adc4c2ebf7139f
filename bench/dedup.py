"""Benchmark: duplicate detection on synthetic lists (bench/dedup_data.py). Not a test.

For each size it prints pairwise precision, recall and F1, the precision at the lowest
threshold that reaches a recall of 0.95, time and peak memory, for:

(a) our matcher (people.matching): the in-memory path, the same folding, date parsing,
    blocking keys and scoring code the database path uses (``engine.match_records``
    only adds the blind-index look-ups and decryption), so no database is needed;
(b) exact matching on folded name + birth date (as parsed; year-only dates match only
    year-only dates);
(c) Splink 5 with the DuckDB backend, given the same folded and parsed columns, the
    same blocking rules, term-frequency adjustments on names, and trained by random
    sampling (u) and expectation maximisation (m) on the data itself (no labels).

The rows carry a commune code (old or new map); both (a) and (c) receive it mapped to
the current communes and province, as an importer does once it has resolved the commune.
Times include our preparation (folding, date parsing) for (a) and (b); for Splink they
start from the prepared table. Peak memory is the growth of the process's resident
set (VmHWM, reset before each method), so it counts DuckDB's memory too.

    .venv/bin/pip install -r requirements-bench.txt   # for (c); (a) and (b) run without it
    .venv/bin/python -m bench.dedup                   # 10,000 and 100,000 records
    .venv/bin/python -m bench.dedup --sizes 10000 --seed 7
"""

import argparse
import gc
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoanhap.settings.test")

from bench.dedup_data import Dataset, Row, generate
from people.matching.dates import BirthDate, parse_birth_date
from people.matching.folding import fold
from people.matching.pairs import scored_pairs
from people.matching.records import MatchRecord, Place, prepare
from people.matching.scoring import REVIEW_WEIGHT, SURE_WEIGHT, NameFrequencies

Pair = tuple[int, int]
SEXES = {"nu": "female", "nam": "male", "female": "female", "male": "male", "f": "female", "m": "male"}


@dataclass
class Outcome:
    scored: list[tuple[int, int, float]]  # (record, record, score), record ids in any order
    thresholds: dict[str, float]  # operating points to report, by label
    seconds: float
    peak_mib: float


def _rss_kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _measured(run: Callable[[], tuple[list[tuple[int, int, float]], dict[str, float]]]) -> Outcome:
    gc.collect()
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")  # resets VmHWM to the current resident set
    except OSError:
        pass
    baseline = _rss_kib("VmRSS")
    start = time.perf_counter()
    scored, thresholds = run()
    seconds = time.perf_counter() - start
    peak = _rss_kib("VmHWM")
    return Outcome(scored=scored, thresholds=thresholds, seconds=seconds, peak_mib=max(0, peak - baseline) / 1024)


def _sex(text: str) -> str:
    return SEXES.get(fold(text), "")


def _record(row: Row, data: Dataset) -> MatchRecord:
    commune = data.geography.communes[row.commune_code]
    return MatchRecord(
        key=row.record_id,
        full_name=row.full_name,
        birth_date=parse_birth_date(row.birth, this_year=2025),
        sex=_sex(row.sex),
        identity_number=row.identity_number,
        place=Place(province=commune.province_code, communes=data.geography.current_communes(row.commune_code)),
    )


def run_ours(data: Dataset) -> tuple[list[tuple[int, int, float]], dict[str, float]]:
    prepared = [prepare(_record(row, data)) for row in data.rows]
    scored = scored_pairs(prepared, min_weight=-5.0, frequencies=NameFrequencies.of_records(prepared))
    keys = [record.key for record in prepared]
    return [(int(keys[i]), int(keys[j]), weight) for i, j, weight in scored], {  # type: ignore[call-overload]
        f"review (weight >= {REVIEW_WEIGHT:g})": REVIEW_WEIGHT,
        f"bulk accept (weight >= {SURE_WEIGHT:g})": SURE_WEIGHT,
    }


def _birth_key(birth: BirthDate | None) -> tuple[int, int | None, int | None] | None:
    return (birth.year, birth.month, birth.day) if birth else None


def run_exact(data: Dataset) -> tuple[list[tuple[int, int, float]], dict[str, float]]:
    groups: dict[tuple[str, object], list[int]] = defaultdict(list)
    for row in data.rows:
        birth = _birth_key(parse_birth_date(row.birth, this_year=2025))
        if birth is not None:
            groups[(fold(row.full_name), birth)].append(row.record_id)
    scored = [(a, b, 1.0) for members in groups.values() for a, b in combinations(members, 2)]
    return scored, {"exact": 1.0}


def splink_table(data: Dataset) -> list[dict[str, object]]:
    """The prepared columns Splink gets: folded name parts, parsed date, mapped place."""
    table = []
    for row in data.rows:
        record = prepare(_record(row, data))
        birth = record.birth
        readings = birth.readings() if birth else []
        name = record.name
        table.append(
            {
                "unique_id": row.record_id,
                "given": name.given or None,
                "family": name.family or None,
                "middle": " ".join(sorted(name.middle)) or None,
                "birth_year": birth.year if birth else None,
                "birth_month": birth.month if birth else None,
                "birth_date": readings[0].isoformat() if readings else None,
                "birth_date_swapped": readings[-1].isoformat() if readings else None,
                "province": record.province,
                "communes": sorted(str(code) for code in record.communes),
                "sex": record.sex or None,
                "identity": record.identity_digits or None,
            }
        )
    return table


def run_splink(table: list[dict[str, object]]) -> tuple[list[tuple[int, int, float]], dict[str, float]]:
    import logging

    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on
    from splink.blocking_rule_library import CustomRule

    birth = cl.CustomComparison(
        output_column_name="birth",
        comparison_levels=[
            cll.CustomLevel("birth_year_l IS NULL OR birth_year_r IS NULL").configure(is_null_level=True),
            cll.CustomLevel("birth_date_l = birth_date_r", "same date"),
            cll.CustomLevel("birth_date_l = birth_date_swapped_r", "day and month swapped"),
            cll.CustomLevel(
                "birth_year_l = birth_year_r AND (birth_date_l IS NULL OR birth_date_r IS NULL) "
                "AND (birth_month_l IS NULL OR birth_month_r IS NULL OR birth_month_l = birth_month_r)",
                "same year, date partly known",
            ),
            cll.CustomLevel("birth_year_l = birth_year_r AND birth_month_l = birth_month_r", "same month"),
            cll.CustomLevel("birth_year_l = birth_year_r", "same year"),
            cll.CustomLevel("abs(birth_year_l - birth_year_r) <= 1", "years one apart"),
            cll.ElseLevel(),
        ],
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("given", jaro_winkler_thresholds=[0.88]).configure(term_frequency_adjustments=True),
            cl.NameComparison("family", jaro_winkler_thresholds=[0.88]).configure(term_frequency_adjustments=True),
            cl.ExactMatch("middle"),
            birth,
            cl.CustomComparison(
                output_column_name="place",
                comparison_levels=[
                    cll.NullLevel("province"),
                    cll.CustomLevel("list_has_any(communes_l, communes_r)", "same commune"),
                    cll.ExactMatchLevel("province"),
                    cll.ElseLevel(),
                ],
            ),
            cl.ExactMatch("sex"),
            cl.ExactMatch("identity"),
        ],
        blocking_rules_to_generate_predictions=[
            # The same keys as ours (people/matching/blocking.py).
            block_on("identity"),
            block_on("given", "birth_year", "province"),
            CustomRule(
                "l.family = r.family AND l.given = r.given AND l.province = r.province"
                " AND (l.birth_year IS NULL OR r.birth_year IS NULL)"
            ),
            block_on("family", "birth_date", "province"),
            CustomRule("l.family = r.family AND l.birth_date = r.birth_date_swapped AND l.province = r.province"),
        ],
        retain_matching_columns=False,
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(table), settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("identity"), block_on("family", "given", "birth_date")], recall=0.6
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2_000_000, seed=6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given", "birth_year", "province"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("family", "given", "province"))
    predictions = linker.inference.predict(threshold_match_weight=-5, warning_mode="never")
    rows = predictions.as_duckdbpyrelation().select("unique_id_l, unique_id_r, match_probability").fetchall()
    return [(int(left), int(right), float(probability)) for left, right, probability in rows], {
        "match probability >= 0.5": 0.5,
        "match probability >= 0.95": 0.95,
    }


def _truth(data: Dataset) -> set[Pair]:
    by_person: dict[int, list[int]] = defaultdict(list)
    for row in data.rows:
        by_person[row.person_id].append(row.record_id)
    return {(min(a, b), max(a, b)) for members in by_person.values() for a, b in combinations(members, 2)}


def _metrics(scored: list[tuple[int, int, float]], threshold: float, truth: set[Pair]) -> tuple[float, float, float]:
    predicted = {(min(a, b), max(a, b)) for a, b, value in scored if value >= threshold}
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _precision_at_recall(scored: list[tuple[int, int, float]], truth: set[Pair], target: float = 0.95) -> str:
    """The precision where recall first reaches ``target`` going down the scores, or the best recall reached."""
    best: dict[Pair, float] = {}
    for a, b, value in scored:
        pair = (min(a, b), max(a, b))
        best[pair] = max(value, best.get(pair, value))
    hits = 0
    ranked = sorted(best.items(), key=lambda item: -item[1])
    for position, (pair, value) in enumerate(ranked, start=1):
        hits += pair in truth
        if hits >= target * len(truth):
            return f"{hits / position:.4f} (threshold {value:.3g})"
    return f"n/a (recall never reaches {target}: at most {hits / len(truth):.4f})"


def _report(name: str, outcome: Outcome, truth: set[Pair]) -> None:
    print(f"  {name}: {outcome.seconds:.1f} s, peak memory +{outcome.peak_mib:.0f} MiB")
    for label, threshold in outcome.thresholds.items():
        precision, recall, f1 = _metrics(outcome.scored, threshold, truth)
        print(f"    at {label}: precision {precision:.4f}  recall {recall:.4f}  F1 {f1:.4f}")
    print(f"    precision at recall >= 0.95: {_precision_at_recall(outcome.scored, truth)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--no-splink", action="store_true", help="run (a) and (b) only")
    args = parser.parse_args()

    import django

    django.setup()  # for the translated reason labels; no database is opened
    try:
        import duckdb  # noqa: F401
        import splink  # noqa: F401

        splink_ok = not args.no_splink
    except ImportError:
        splink_ok = False
        if not args.no_splink:
            print("Splink is not installed: (c) is skipped. Install it with")
            print("    .venv/bin/pip install -r requirements-bench.txt")
    for size in args.sizes:
        data = generate(size, seed=args.seed)
        truth = _truth(data)
        persons = len({row.person_id for row in data.rows})
        print(f"\n{size:,} records of {persons:,} people (seed {args.seed}), {len(truth):,} true pairs")
        _report("(a) our matcher", _measured(partial(run_ours, data)), truth)
        _report("(b) exact folded name + birth date", _measured(partial(run_exact, data)), truth)
        if splink_ok:
            _report("(c) Splink 5 + DuckDB", _measured(partial(run_splink, splink_table(data))), truth)


if __name__ == "__main__":
    main()
