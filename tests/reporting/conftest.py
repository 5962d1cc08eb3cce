import pytest

from .factories import build_world, open_round


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def round_(world):
    return open_round(world)


@pytest.fixture
def tasks(world, round_):
    return {t.department.name: t for t in round_.tasks.select_related("department")}
