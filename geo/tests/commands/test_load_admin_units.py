from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from geo import services


@pytest.mark.django_db
def test_command_says_when_nothing_changed():
    # Given the units loaded once for the session
    out = StringIO()
    # When the command runs again
    call_command("load_admin_units", stdout=out)
    # Then it reports that nothing changed
    assert "Nothing changed" in out.getvalue()
    assert "commune: 0 created, 0 updated, 13356 unchanged" in out.getvalue()


@pytest.mark.parametrize("located", [None, "nowhere"])
def test_command_fails_clearly_without_package_data(monkeypatch, tmp_path, located):
    # Given a package that is not installed, or whose data folder is gone
    monkeypatch.setattr(services, "admin_units_data_dir", lambda: located and tmp_path / located)
    # When the command runs
    # Then it stops with a readable message, before touching the database
    with pytest.raises(CommandError, match="vietnamadminunits"):
        call_command("load_admin_units", stdout=StringIO())
