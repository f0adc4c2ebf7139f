"""Recompute the audit trail's hash chain and report the first broken link (docs/audit.md)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import F

from audit.chain import verify_chain
from audit.models import AuditEvent


class Command(BaseCommand):
    help = "Check that the audit trail's hash chain is intact; exit code 1 at the first broken event."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        # Events without a sequence sort first (nulls_first) so the check names them too.
        events = AuditEvent.objects.order_by(F("sequence").asc(nulls_first=True))
        report = verify_chain(events.iterator(chunk_size=batch_size))
        if not report.ok:
            raise CommandError(
                f"BROKEN at event sequence={report.broken_sequence} id={report.broken_id}: {report.reason} "
                f"({report.checked} events verified before it)",
                returncode=1,
            )
        self.stdout.write(f"OK: {report.checked} events")
