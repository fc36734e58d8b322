import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def attachment_root(settings, tmp_path):
    """Every test stores blobs in its own temporary directory, never under var/."""
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"
    settings.ATTACHMENT_STORAGE = "filesystem"
    return settings.ATTACHMENT_ROOT


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield
