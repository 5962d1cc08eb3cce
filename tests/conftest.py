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
