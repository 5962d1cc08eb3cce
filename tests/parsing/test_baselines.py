"""Background baselines attached to indicators by name."""

from __future__ import annotations

from pathlib import Path

from planwatch.parsing import model
from planwatch.parsing.baselines import attach, collect
from planwatch.parsing.document import parse_document
from planwatch.parsing.para import Para


def _ind(name: str, unit: str = "%") -> model.Indicator:
    return model.Indicator(name=name, target=model.Target(text="提高", kind="direction_up"), unit=unit)


def test_statements_in_the_background_are_attached_by_similar_name() -> None:
    found = collect(
        [Para("2020年全区免费孕前优生健康检查目标人群覆盖率达到101.1%，孕产妇系统管理率达到92.55%。", 30)]
    )
    inds = [_ind("孕产妇系统管理率"), _ind("婴儿死亡率", "‰")]
    assert attach(inds, found) == 1
    base = inds[0].baseline
    assert (base.year, base.value, base.line) == (2020, 92.55, 30)
    assert inds[1].baseline is None


def test_an_existing_baseline_is_kept_and_units_must_agree() -> None:
    kept = _ind("孕产妇系统管理率")
    kept.baseline = model.Baseline(2019, 90.0)
    count = _ind("女性专业技术人员", "人")
    found = [
        ("女性专业技术人员", model.Baseline(2020, 30.8, "女性专业技术人员占比30.8%", 5)),
        ("孕产妇系统管理率", model.Baseline(2020, 92.55, "…", 6)),
    ]
    assert attach([kept, count], found) == 0
    assert kept.baseline.year == 2019 and count.baseline is None


def test_seed_baseline_year_ignores_a_comparison_year() -> None:
    # jiangjin line 615: "2020年学前教育毛入园率达98.2%，比2010年提高17.5个百分点；…高中阶段毛入学率提高到98.5%"
    path = next((Path(__file__).parents[2] / "data" / "plans").glob("jiangjin_*.txt"))
    doc = parse_document(path.read_bytes(), path.name)
    found = {
        i.name: (i.baseline.year, i.baseline.value, i.baseline.line)
        for plan in doc.plans
        for i in plan.indicators
        if i.baseline and i.origin == "table"
    }
    assert found["高中阶段毛入学率"] == (2020, 98.5, 615)
    assert found["学前教育毛入园率"] == (2020, 98.2, 615)
