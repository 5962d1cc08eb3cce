from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
SEED_DIR = PROJECT_DIR / "data" / "plans"
SEEDS = {
    "000": SEED_DIR / "jiangjin_women_children_2021-2030.txt",
    "001": SEED_DIR / "tengchong_women_children_2021-2030.txt",
    "002": SEED_DIR / "suixian_women_children_2021-2030.txt",
    "003": SEED_DIR / "baodi_women_children_2021-2025.txt",
    "004": SEED_DIR / "dadukou_children_2021-2030.txt",
}


@pytest.fixture(scope="session")
def seed_paths() -> dict[str, Path]:
    return SEEDS


# The reporting world (regions, departments, one user per role, a plan) shared by the reporting, accounts,
# web and browser tests; built by tests/reporting/factories.py.
from reporting.factories import FAST_HASHERS, build_world, open_round  # noqa: E402


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Real hashing costs ~0.3 s per user and the worlds create nine.
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Production uses whitenoise's manifest storage, filled by collectstatic (planwatch serve/demo); tests
    # render pages without running it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def round_(world):
    return open_round(world)


@pytest.fixture
def tasks(world, round_):
    return {t.department.name: t for t in round_.tasks.select_related("department")}
