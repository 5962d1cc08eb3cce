"""Report data from the batch-assessment fixtures (测试区 plan, A县/B县 under 测试市), built once per module."""

from pathlib import Path

import pytest

from planwatch.reports import batch
from planwatch.reports.model import EvaluationReportData

FIX = Path(__file__).resolve().parent.parent / "assessment" / "fixtures"


@pytest.fixture(scope="session")
def batch_input():
    return batch.load(FIX / "plan.json", FIX / "obs.csv", FIX / "regions.csv")


@pytest.fixture(scope="session")
def annual(batch_input):
    return batch.annual(batch_input, "A县", 2023)


@pytest.fixture(scope="session")
def evaluation(batch_input):
    return batch.annual(batch_input, "A县", 2023, cls=EvaluationReportData, strategies=True,
                        problems="基层妇女参与决策比例偏低。\n数据报送不及时。", recommendations="加大培养选拔力度。")  # fmt: skip
