"""Project-wide pytest fixtures."""

from typing import Any

import pytest
from django.core.management import call_command
from hypothesis import settings as hypothesis_settings

from core.testing.clients import FullySignedInClient

# Property tests check what holds, not how fast: no per-example deadline, which a loaded CI
# machine would turn into failures that say nothing about the code.
hypothesis_settings.register_profile("hoanhap", deadline=None)
hypothesis_settings.load_profile("hoanhap")

pytest_plugins = ["core.testing.personas"]


def load_reference_data() -> None:
    """Public reference data every test may rely on: both maps of units, the regime rules."""
    call_command("load_admin_units", verbosity=0)
    call_command("load_regimes", verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the reference data loaded once per session.

    Tests roll back their own changes; a transactional test (``transaction=True``, and
    every live-server test) flushes the tables afterwards, so those run last and load
    the reference data again for themselves (see e2e/conftest.py).
    """
    with django_db_blocker.unblock():
        load_reference_data()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Browser tests flush the database when they end: run them after everything else.
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.fixture
def client() -> FullySignedInClient:
    """Django's test client, whose ``force_login`` also passes the second factor."""
    return FullySignedInClient()


@pytest.fixture
def admin_client(db: None, admin_user: Any) -> FullySignedInClient:
    """pytest-django's admin client, signed in with both factors."""
    client = FullySignedInClient()
    client.force_login(admin_user)
    return client
