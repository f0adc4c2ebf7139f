from typing import Any

from django.core.management.base import BaseCommand

from support.reference_data import regime_catalogue_load


class Command(BaseCommand):
    help = "Create or refresh the national support regimes and their rules (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = regime_catalogue_load()
        self.stdout.write(
            f"Regimes: {counts['regimes']}; rules created: {counts['rules_created']}, "
            f"refreshed: {counts['rules_updated']}."
        )
