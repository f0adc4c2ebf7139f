"""Project-wide pytest fixtures."""

import pytest
from django.core.management import call_command

pytest_plugins = ["core.testing.personas"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the session-wide reference data loaded once.

    Reference data every test may rely on is loaded here: the administrative units of
    both maps and their successions. Tests roll back their own changes; a transactional
    test (``transaction=True``) flushes the tables, so one that needs the units after
    another transactional test must load them again.
    """
    with django_db_blocker.unblock():
        call_command("load_admin_units", verbosity=0)
