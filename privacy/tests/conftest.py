import pytest


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    """Attached files go to a folder of the test's own."""
    settings.DOCUMENT_STORAGE_DIR = tmp_path / "documents"
    return settings.DOCUMENT_STORAGE_DIR
