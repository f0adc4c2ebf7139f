import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from geo.services import admin_units_load, admin_units_load_changed


class Command(BaseCommand):
    help = (
        "Load or refresh the administrative units of both maps (63 provinces before 01/07/2025, "
        "34 from then on) and the successions between them, from the vietnamadminunits package data."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            counts = admin_units_load(stdout=self.stdout if options["verbosity"] > 1 else None)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if options["verbosity"] > 0:
            for name, level_counts in counts.items():
                self.stdout.write(f"{name}: " + ", ".join(f"{n} {what}" for what, n in level_counts.items()))
            elapsed = time.monotonic() - started
            if admin_units_load_changed(counts):
                self.stdout.write(self.style.SUCCESS(f"Administrative units loaded in {elapsed:.1f} s."))
            else:
                self.stdout.write(self.style.SUCCESS(f"Nothing changed: the units are up to date ({elapsed:.1f} s)."))
