"""A data directory of the test's own for the stored files (uploads, reports) that archives carry."""

import pytest


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    settings.DATA_DIR.mkdir()
    return settings.DATA_DIR
