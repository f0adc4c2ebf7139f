from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Compile the .po catalogs of LOCALE_PATHS into .mo files. Pure Python, so a fresh "
        "machine needs no gettext tools; Django's compilemessages does the same with msgfmt."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        catalogs = [
            po for locale_dir in settings.LOCALE_PATHS for po in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po"))
        ]
        if not catalogs:
            raise CommandError("No .po catalogs found under LOCALE_PATHS.")
        for po_path in catalogs:
            catalog = polib.pofile(str(po_path))
            broken = [
                entry.msgid for entry in catalog if entry.msgstr and entry.msgid.count("%(") != entry.msgstr.count("%(")
            ]
            if broken:
                raise CommandError(f"{po_path}: placeholders differ between source and translation in {broken[:3]}")
            catalog.save_as_mofile(str(po_path.with_suffix(".mo")))
            self.stdout.write(f"{po_path.parent.parent.name}: {catalog.percent_translated()}% translated")
