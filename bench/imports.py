"""Benchmark: importing a 10,000-row list on PostgreSQL, step by step, through the services.

A scratch PostgreSQL database is created and migrated, and given the reference data (both
maps of administrative units) and Hải Phòng's department, police and coordinator. Lists are
generated as .xlsx from bench/dedup_data.py's synthetic Vietnamese people (names with and
without diacritics, swapped dates, old commune names...), their communes replaced by real
communes of Hải Phòng, old map and new. A first list (``--existing`` rows, the same people as
the start of the measured list) is imported so that the dry run has persons to find; then the
measured list goes through each step as the web pages call it:

- **upload**: ``import_batch_upload`` (read the .xlsx, store the rows encrypted);
- **mapping**: ``import_batch_map`` with the guessed columns (every row checked);
- **dry run**: ``import_batch_check`` (matching against existing persons and within the
  file, stored on the rows), then ``import_batch_accept_sure``;
- **import**: ``import_batch_start`` and the background thread until the batch is
  "imported" (``intakes_record_bulk``: bulk inserts, audit events appended in bulk),
  with the progress the page would show.

Baselines in the same run: a plain bulk INSERT of the same number of rows (the cells as
text) into a scratch table, and the single-row path (``case_open`` / ``intake_attach`` per
row, as the importer did before) on a sample of rows, rolled back, extrapolated. It prints
absolute times, ratios and whether the target holds (import of 10,000 rows < 30 s).

    make bench-imports
    .venv/bin/python -m bench.imports --rows 2000 --existing 500     # a quick look

``BENCH_POSTGRES_URL`` names the server and an administrative database to create the
scratch database from (default ``postgres://postgres@127.0.0.1:5432/postgres``).
"""

import argparse
import datetime
import io
import os
import platform
import random
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 30.0
HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Xã/phường", "Ngày tiếp nhận", "Ghi chú"]


def list_xlsx(rows: int, seed: int, communes: list[str]) -> bytes:
    """A police list of ``rows`` synthetic people (bench/dedup_data.py) living in ``communes``."""
    from openpyxl import Workbook

    from bench.dedup_data import generate

    rng = random.Random(seed)  # noqa: S311 - reproducible benchmark data
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.append(HEADERS)
    for number, row in enumerate(generate(rows, seed=seed).rows, start=1):
        received = datetime.date(2025, 7, 1) + datetime.timedelta(days=rng.randrange(60))  # the new communes' time
        sex = {"female": "Nữ", "male": "Nam"}.get(row.sex, "")
        commune = rng.choice(communes)
        sheet.append(
            [number, row.full_name, row.birth, sex, row.identity_number, commune, received.strftime("%d/%m/%Y"), ""]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _timed(label: str, action: Callable[[], Any], timings: list[tuple[str, float]]) -> Any:
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    timings.append((label, seconds))
    print(f"  {label:<44} {seconds:>8.2f} s")
    return result


def run(args: argparse.Namespace) -> int:
    from bench.reports import scratch_database
    from bench.web import configure

    with scratch_database(keep=args.keep, reuse=None) as database_url:
        env = configure(database_url)
        try:
            return _run(args)
        finally:
            shutil.rmtree(env["HOANHAP_MEDIA_ROOT"], ignore_errors=True)


def _world() -> tuple[Any, Any, list[str]]:
    from agencies.models import Agency, AgencyType, Membership, Role, User
    from geo.models import AdminUnit, Level, Scheme
    from imports.checks import CommuneIndex

    province = AdminUnit.objects.get(scheme=Scheme.CURRENT, level=Level.PROVINCE, code="31")
    social = Agency.objects.create(
        code="bench-hp-so", name="Sở Y tế Hải Phòng", agency_type=AgencyType.SOCIAL_AFFAIRS, unit=province
    )
    police = Agency.objects.create(
        code="bench-hp-ca", name="Công an Hải Phòng", agency_type=AgencyType.POLICE, unit=province
    )
    coordinator = User.objects.create_user(username="bench-imports", password=None)
    Membership.objects.create(user=coordinator, agency=social, role=Role.PROVINCIAL_COORDINATOR)
    # Every commune name of the area that the importer reads as one current commune, about a
    # quarter of them names of the old map: a name that two old communes bore, or a commune since
    # divided, is a problem the dry run reports, not a row to import.
    communes = CommuneIndex(province)
    resolved = [(unit.name, unit.scheme) for unit in communes.units.values() if communes.resolve(unit.name)[0]]
    names = sorted({name for name, scheme in resolved if scheme == Scheme.CURRENT})
    old = sorted({name for name, scheme in resolved if scheme == Scheme.LEGACY} - set(names))[: len(names) // 3]
    return coordinator, police, names + old


def _import_list(
    coordinator: Any, police: Any, content: bytes, letter: str, timings: list[tuple[str, float]], profile: bool = False
) -> Any:
    from imports import background
    from imports.models import BatchStatus, ImportBatch
    from imports.selectors import mapping_initial
    from imports.services import (
        import_batch_accept_sure,
        import_batch_check,
        import_batch_map,
        import_batch_start,
        import_batch_upload,
    )

    batch = _timed(
        "upload (read .xlsx, store rows encrypted)",
        lambda: import_batch_upload(
            actor=coordinator,
            sender_agency=police,
            letter_number=letter,
            letter_date=datetime.date(2025, 9, 5),
            file_name="danh-sach.xlsx",
            content=content,
        ),
        timings,
    )
    _timed(
        "mapping (columns, every row checked)",
        lambda: import_batch_map(actor=coordinator, batch=batch, mapping=mapping_initial(batch)),
        timings,
    )
    _timed("dry run (match, store on the rows)", lambda: import_batch_check(actor=coordinator, batch=batch), timings)
    _timed("accept all sure suggestions", lambda: import_batch_accept_sure(actor=coordinator, batch=batch), timings)
    seen: list[str] = []

    def import_and_wait() -> Any:
        if profile:
            import cProfile
            import pstats

            from imports.services import import_batch_import

            with cProfile.Profile() as profiler:
                imported = import_batch_import(actor=coordinator, batch=batch)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
            return imported
        import_batch_start(actor=coordinator, batch=batch)  # on_commit: the thread starts
        while True:
            time.sleep(0.5)
            progress = background.progress_get(batch.pk)
            status = ImportBatch.objects.filter(pk=batch.pk).values_list("status", flat=True).get()
            if progress and (not seen or seen[-1] != f"{progress[0]} / {progress[1]}"):
                seen.append(f"{progress[0]} / {progress[1]}")
            if status != BatchStatus.IMPORTING:
                return ImportBatch.objects.get(pk=batch.pk)

    done = _timed("import (background thread, until imported)", import_and_wait, timings)

    def duplicates_refreshed() -> None:  # the thread scores the new persons for the duplicate queue after the commit
        while background.running(batch.pk):
            time.sleep(0.1)

    _timed("then the new persons scored for the duplicate queue", duplicates_refreshed, timings)
    print(f"    progress seen while polling every 0.5 s: {', '.join(seen[:8])}{' ...' if len(seen) > 8 else ''}")
    if done.import_error:
        print(f"    IMPORT FAILED: {done.import_error}")
    return done


def _single_path_sample(coordinator: Any, batch: Any, sample: int) -> tuple[float, int]:
    """Seconds for ``sample`` rows through case_open / intake_attach one by one (rolled back)."""
    from django.db import transaction

    from agencies import capabilities as cap
    from cases.models import CaseStatus
    from cases.policies import cases_for
    from cases.services import case_open, intake_attach
    from imports.models import Decision
    from imports.services import commune_index_for, row_values

    communes = commune_index_for(batch)
    rows = list(batch.rows.filter(problems=[]).order_by("number")[:sample])
    started = time.perf_counter()
    with transaction.atomic():
        for row in rows:
            values = row_values(batch, row, communes)
            if values.unit is None:
                continue
            person = row.same_as if row.decision == Decision.SAME else None
            open_case = (
                cases_for(coordinator, cap.CASE_EDIT).filter(person=person, status=CaseStatus.OPEN).first()
                if person is not None
                else None
            )
            common = {
                "channel": "police_list",
                "received_on": values.received_on or batch.letter_date,
                "source_agency": batch.sender_agency,
                "source_reference": batch.letter_number,
                "notes": values.notes,
                "durable": False,
            }
            if open_case is not None:
                intake_attach(actor=coordinator, case=open_case, **common)
            else:
                case_open(
                    actor=coordinator,
                    home_unit=values.unit,
                    responsible_agency=batch.importing_agency,
                    full_name=values.full_name,
                    birth_date=values.birth_date,
                    birth_year=values.birth_year,
                    sex=values.sex or "unknown",
                    identity_number=values.identity_number,
                    existing_person=person,
                    **common,
                )
        transaction.set_rollback(True)
    return time.perf_counter() - started, len(rows)


def _plain_insert(batch: Any) -> float:
    """The baseline: the same number of rows, their cells as text, in one bulk INSERT per 1,000 rows."""
    from django.db import connection, transaction

    cells = [(row.number, row.cells) for row in batch.rows.all()]  # decrypted before the clock starts
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_plain_rows (number integer, cells text) ON COMMIT DROP")
        for start in range(0, len(cells), 1000):
            chunk = cells[start : start + 1000]
            placeholders = ", ".join(["(%s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO bench_plain_rows (number, cells) VALUES {placeholders}",  # noqa: S608 # nosec B608
                [value for pair in chunk for value in pair],
            )
    return time.perf_counter() - started


def _run(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from audit.chain import verify_chain
    from audit.models import AuditEvent
    from cases.models import Case, Intake
    from people.models import Person

    print(f"database: PostgreSQL {connection.cursor().connection.info.server_version}")
    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.platform()}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_admin_units", verbosity=0)
    print(f"schema and reference data: {time.perf_counter() - started:.0f} s")
    coordinator, police, communes = _world()

    if args.existing:
        # The same seed: the first list's people are among the measured list's (sure matches to find).
        print(f"\nfirst list: {args.existing:,} rows (seed {args.seed}), persons for the dry run to find")
        first = list_xlsx(args.existing, args.seed, communes)
        _import_list(coordinator, police, first, "01/DS-BENCH", [])
    print(f"\nmeasured list: {args.rows:,} rows (seed {args.seed}), {Person.objects.count():,} persons known")
    content = list_xlsx(args.rows, args.seed, communes)
    print(f"  .xlsx: {len(content):,} bytes")
    timings: list[tuple[str, float]] = []
    batch = _import_list(coordinator, police, content, "02/DS-BENCH", timings, args.profile)
    print(
        f"  batch: {batch.status}; {batch.imported_count:,} imported, {batch.error_count:,} with problems, "
        f"{batch.skipped_count:,} skipped; {batch.rows.filter(decision='same').count():,} as known persons"
    )
    codes = Counter(p["code"] for row in batch.rows.exclude(problems=[]) for p in row.problems)
    print("  problems (rows not imported): " + ", ".join(f"{code} {n:,}" for code, n in codes.most_common()))
    chain = verify_chain(AuditEvent.objects.order_by("sequence").iterator(chunk_size=5000))
    print(
        f"  database: {Person.objects.count():,} persons, {Case.objects.count():,} cases, "
        f"{Intake.objects.count():,} intakes, {chain.checked:,} audit events, "
        f"chain {'intact' if chain.ok else 'BROKEN'}"
    )

    plain = _plain_insert(batch)
    sample_seconds, sampled = _single_path_sample(coordinator, batch, args.sample) if args.sample else (0.0, 0)
    seconds = dict(timings)
    import_seconds = seconds["import (background thread, until imported)"]
    total = sum(seconds.values())
    print("\nbaselines (same run):")
    print(f"  plain bulk INSERT of {batch.row_count:,} rows into a scratch table  {plain:>8.2f} s")
    if sampled:
        per_row = sample_seconds / sampled
        print(
            f"  single-row path (case_open / intake_attach), {sampled} rows: {sample_seconds:.2f} s, "
            f"{per_row * 1000:.1f} ms a row -> {per_row * batch.imported_count:.1f} s for {batch.imported_count:,} rows"
        )
    print("\nratios:")
    print(f"  import / plain INSERT                  {import_seconds / plain:>8.1f}x")
    print(f"  upload to imported / plain INSERT      {total / plain:>8.1f}x")
    if sampled:
        print(f"  bulk import / single-row path          {import_seconds / (per_row * batch.imported_count):>8.2f}x")
    print(
        f"\ntarget: the import of {args.rows:,} rows under {TARGET_SECONDS:.0f} s: "
        f"{'met' if import_seconds < TARGET_SECONDS else 'MISSED'} ({import_seconds:.1f} s; "
        f"upload to imported {total:.1f} s)"
    )
    return 0 if chain.ok and batch.status == "imported" else 1


def main() -> None:
    from bench.reports import run_until_interrupted

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows of the measured list (default 10,000)")
    parser.add_argument("--existing", type=int, default=2_000, help="rows of a first list imported before (2,000)")
    parser.add_argument("--sample", type=int, default=200, help="rows through the single-row path (200; 0: none)")
    parser.add_argument("--seed", type=int, default=6, help="seed of the synthetic lists (6)")
    parser.add_argument("--profile", action="store_true", help="import in this thread under cProfile, print the top")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database at the end")
    run_until_interrupted(run, parser.parse_args())


if __name__ == "__main__":
    main()
