"""Every interface string reaches the Vietnamese catalog.

``makemessages`` (xgettext) finds ``_``, ``gettext``, ``gettext_lazy``… calls in plain code
only: a call inside an f-string, or under another alias, is never extracted, so it stays in
English in the Vietnamese interface however complete the catalog looks. These were found
that way (the "(before 01/07/2025)" mark on old units, the duplicate queue's bands).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", "node_modules", "migrations", ".git"}
TRANSLATING = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}


def _sources() -> list[Path]:
    return [path for path in ROOT.rglob("*.py") if not SKIPPED & set(path.relative_to(ROOT).parts)]


def test_no_translated_string_hides_inside_an_f_string():
    found = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [
            f"{path.relative_to(ROOT)}:{inner.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.JoinedStr)
            for inner in ast.walk(node)
            if isinstance(inner, ast.Call) and getattr(inner.func, "id", None) in TRANSLATING
        ]
    assert found == [], "a gettext call inside an f-string is not extracted by makemessages"


def test_translation_functions_are_imported_under_names_makemessages_knows():
    found = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [
            f"{path.relative_to(ROOT)}:{node.lineno} {alias.name} as {alias.asname}"
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
            for alias in node.names
            if alias.name in TRANSLATING and alias.asname not in (None, "_")
        ]
    assert found == [], "makemessages extracts _ and the functions' own names only"
