import pytest
from reporting.factories import FAST_HASHERS, build_world, open_round


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def round_(world):
    return open_round(world)


@pytest.fixture
def tasks(world, round_):
    return {t.department.name: t for t in round_.tasks.select_related("department")}
