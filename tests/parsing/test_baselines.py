"""Background baselines attached to indicators by name."""

from __future__ import annotations

from planwatch.parsing import model
from planwatch.parsing.baselines import attach, collect
from planwatch.parsing.normalize import Para


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
