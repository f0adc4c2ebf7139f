"""The background import runs inline in tests: in the test's thread, connection and transaction."""

import pytest

from imports import background


@pytest.fixture
def inline_imports(monkeypatch, django_capture_on_commit_callbacks):
    """Run ``import_batch_start``'s thread inline once the (captured) commit callbacks run."""

    def spawn(batch_id, started_at):
        background._run(batch_id, started_at, own_connection=False)

    monkeypatch.setattr(background, "_spawn", spawn)
    return lambda: django_capture_on_commit_callbacks(execute=True)
