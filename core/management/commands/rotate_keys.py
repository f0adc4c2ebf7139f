"""Re-encrypt every encrypted column and attachment under the primary key (docs/key-rotation.md)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from agencies.models import User
from core import crypto, key_rotation


class Command(BaseCommand):
    help = (
        "Re-encrypt every value and attachment still under an older key of HOANHAP_FIELD_KEYS with the first "
        "(primary) key, batch by batch, while the application runs. Safe to run again after an interruption. "
        "--check exits 1 while anything is left under another key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=key_rotation.DEFAULT_BATCH_SIZE)
        parser.add_argument("--actor", default="", help="Username recorded in the audit trail (default: the system).")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="Only report how many values are under each key.")
        mode.add_argument(
            "--check", action="store_true", help="Report, and exit 1 if anything is left under a non-primary key."
        )

    def handle(self, *args: Any, batch_size: int, actor: str, dry_run: bool, check: bool, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if dry_run or check:
            self._report(batch_size=batch_size, check=check)
            return
        user = None
        if actor:
            user = User.objects.filter(username=actor).first()
            if user is None:
                raise CommandError(f"No user with the username {actor!r}.")
        self.stdout.write(f"Re-encrypting under the primary key {crypto.keyring().primary_id!r}.")
        report = key_rotation.rotate_keys(actor=user, batch_size=batch_size, progress=self.stdout.write)
        changed = sum(outcome.changed_meanwhile for outcome in report.columns)
        self.stdout.write(
            f"Re-encrypted {report.rotated} values and {report.files.rotated} files; "
            f"{changed} values changed by users meanwhile were left as they saved them."
        )
        if report.failures:
            for failure in report.failures:
                self.stderr.write(f"FAILED {failure}")
            raise CommandError(
                f"{len(report.failures)} values or files could not be re-encrypted (listed above); "
                "they are still under their old key or unreadable.",
                returncode=1,
            )
        self.stdout.write("Done. Run rotate_keys --check before removing an old key.")

    def _report(self, *, batch_size: int, check: bool) -> None:
        report = key_rotation.key_report(batch_size=batch_size)
        primary = report.primary_id
        self.stdout.write(f"Primary key: {primary}")
        for counts in [*report.columns, report.files]:
            by_key = ", ".join(f"{key_id}={count}" for key_id, count in counts.by_key.items())
            missing = f", missing={counts.missing}" if counts.missing else ""
            self.stdout.write(f"{counts.label}: {by_key}{missing}")
        if report.files.missing:
            self.stderr.write(f"{report.files.missing} files are missing from the document storage.")
        if report.done:
            self.stdout.write(f"Everything is under the primary key {primary!r}: the other keys can be removed.")
            return
        summary = (
            f"{report.values_left} values and {report.files_left} files are still under another key; "
            "run rotate_keys (values under an unknown key cannot be decrypted with the keys configured)."
        )
        if check:
            raise CommandError(summary, returncode=1)
        self.stdout.write(summary)
