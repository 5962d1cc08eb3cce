"""The evaluation tests' county (江津区 with two towns and four years of reviewed data); reports run on the
immediate task backend (a request returns when its job has run) and are written under a temporary data
directory. test_worker.py switches to the database backend and runs the real worker."""

import pytest
from evaluation.conftest import data, observe, world  # noqa: F401  (the same county as the evaluation tests)

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _reports_settings(settings, tmp_path):
    try:
        import django.tasks  # noqa: F401
    except ImportError:  # Django 5.2 and the backport
        IMMEDIATE["default"]["BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    settings.TASKS = IMMEDIATE
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
