"""Score every person against every other and store the probable duplicates for the review queue.

Meant for a nightly cron (docs/matching.md, "Duplicate review"); safe to run at any time: the
stored pairs are replaced in one transaction, the queue keeps showing the previous ones until
it commits. Prints counts only, never a name.
"""

from typing import Any

from django.core.management.base import BaseCommand

from people.duplicates import duplicate_candidates_score


class Command(BaseCommand):
    help = "Score all persons for probable duplicates and replace the stored pairs of the review queue."

    def handle(self, *args: Any, **options: Any) -> None:
        result = duplicate_candidates_score()
        run = result.run
        self.stdout.write(
            f"Scored {run.persons} persons: {run.pairs} probable duplicate pairs stored in {result.seconds:.1f} s."
        )
