"""De-identify closed cases whose retention period has passed (docs/privacy.md)."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from privacy.services import DEFAULT_BATCH_SIZE, retention_apply


def _day(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%d/%m/%Y").date()  # noqa: DTZ007 - a calendar day, no time
    except ValueError:
        raise CommandError(f"--today must be a date as dd/mm/yyyy, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Apply the retention schedule: remove the personal data of closed cases whose period has passed "
        "(identity, notes, attached files), keeping what statistics need. Audited, one event per case; "
        "safe to run again. --dry-run prints the counts only and changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Print how many cases are due; change nothing.")
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="Cases per transaction.")
        parser.add_argument("--today", default="", help="Apply the schedule as on this day (dd/mm/yyyy).")

    def handle(self, *args: Any, dry_run: bool, batch_size: int, today: str, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        result = retention_apply(today=_day(today) if today else None, dry_run=dry_run, batch_size=batch_size)
        self.stdout.write(f"Retention schedule on {result.today:%d/%m/%Y}" + (" (dry run)" if dry_run else ""))
        if not result.rules:
            self.stdout.write("No retention rule is in force: nothing to do.")
            return
        for record_type, years in sorted(result.rules.items()):
            due = result.due.get(record_type)
            line = f"  {record_type}: {years} years"
            self.stdout.write(line + (f", {due} cases due" if due is not None else ", kept (not applied)"))
        self.stdout.write(f"Cases due: {result.cases_due}; people whose identity is due: {result.persons_due}")
        if not dry_run:
            self.stdout.write(f"Cases changed: {result.cases_changed} in {result.batches} batches")
