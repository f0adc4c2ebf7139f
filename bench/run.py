"""Run the benchmarks on a scratch database (SQLite in a temporary folder unless DATABASE_URL is set)."""

import os
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    scratch = tempfile.mkdtemp(prefix="hoanhap-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoanhap.settings.base")
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    print(f"database: {connection.vendor}")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("load_admin_units", verbosity=0)
    print(f"load_admin_units (first load): {time.perf_counter() - start:.1f} s")

    from bench import person_search

    person_search.run()


if __name__ == "__main__":
    main()
