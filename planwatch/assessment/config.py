"""Thresholds and unit conventions of the assessment, all in one place and all overridable.

Defaults and where they come from (see README.md, "监测评估"):
- progress ratio thresholds 0.95 / 0.60 / 0 and no-target CAGR thresholds 1.5 % / 0.5 % / 0: Statistics
  Canada's progress measure as implemented in Open SDG's sdg-build (``ProgressMeasure.py``);
- where a CAGR is undefined (a base or target of 0) the ratio is taken on absolute annual changes — unlike
  sdg-build, no 0.001 is substituted for 0;
- modified z-score 0.6745·|x − median| / MAD > 3: DHIS2 outlier detection (threshold 3.0, MAD = 0 → 0), taken
  on the annualised year-on-year changes so that a trend or gaps in a series are not outliers;
- tolerances for 左右 / 比例 / exact targets and the 接近 band are planwatch's own, documented choices.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

# Units whose values are rates: roll up as Σnumerator/Σdenominator × factor, change in points.
RATE_FACTORS: dict[str, float] = {"%": 100.0, "‰": 1000.0, "‱": 10000.0, "1/10万": 100000.0}
# Units whose values are counts: roll up by summing, never negative.
COUNT_UNITS: frozenset[str] = frozenset(
    {
        "人",
        "万人",
        "个",
        "件",
        "所",
        "张",
        "次",
        "人次",
        "万人次",
        "家",
        "户",
        "名",
        "起",
        "例",
        "元",
        "万元",
        "亿元",
    }
)
# Indicator names whose percentage may legitimately exceed 100 or be negative (gross ratios, growth rates).
UNBOUNDED_RATE_WORDS: tuple[str, ...] = ("毛入学率", "毛入园率", "增长率", "增长", "增幅", "比上年")


@dataclass(frozen=True)
class AssessConfig:
    # Statistics Canada / Open SDG progress measure
    ratio_high: float = 0.95
    ratio_med: float = 0.60
    ratio_low: float = 0.0
    cagr_high: float = 0.015
    cagr_med: float = 0.005
    cagr_low: float = 0.0
    # Target tolerances (relative to |target|)
    approx_tolerance: float = 0.05  # "45左右" is met within 45 ± 5 %
    ratio_tolerance: float = 0.05  # "2：3" is met within ±5 % of 2/3
    exact_tolerance: float = 0.01  # "100%" is met from 99 % (Open SDG/UNSD: within 1 % of a 0/100 % target)
    near_band: float = 0.05  # 接近: within 5 % of the target (10 % for 左右/比例 targets)
    # direction_up/down and 保持 without a level: a change smaller than this share of the base counts as flat
    flat_tolerance: float = 0.01
    maintain_tolerance: float = 0.02
    # Projection: switch from CAGR to weighted linear fit near the bounds of a percentage or when sign changes
    near_bound_pct: float = 5.0
    # Early warnings
    volatile_abs: dict[str, float] = field(default_factory=lambda: {"%": 5.0, "‰": 3.0, "‱": 3.0})
    volatile_rel: float = 0.30  # other units: year-on-year change beyond 30 % of the previous value
    outlier_z: float = 3.0
    outlier_min_points: int = 5
    gap_tolerance: float = 0.01  # gap must grow by more than 1 % of the level to count as widening

    def with_overrides(self, **kwargs: float) -> AssessConfig:
        unknown = set(kwargs) - set(self.__dataclass_fields__)
        if unknown:
            raise ValueError(f"未知的评估参数：{'、'.join(sorted(unknown))}")
        return replace(self, **kwargs)


def aggregation_for(unit: str, name: str = "") -> str:
    """How values of this unit combine over regions: 'sum', 'ratio' (Σnum/Σden) or 'weighted'."""
    if unit in RATE_FACTORS:
        return "ratio"
    if unit in COUNT_UNITS or name.endswith(("人数", "数量", "件数", "案件数", "个数")):
        return "sum"
    return "weighted"


def rate_bounds(unit: str, name: str) -> tuple[float | None, float | None]:
    """Natural bounds of a value (for impossible-value checks and clipping projections)."""
    if unit in COUNT_UNITS:
        return 0.0, None
    if unit in RATE_FACTORS:
        if any(w in name for w in UNBOUNDED_RATE_WORDS):
            return None, None
        return 0.0, RATE_FACTORS[unit]
    return None, None


def change_unit(unit: str) -> str:
    """How a year-on-year difference is worded: 个百分点 for %, 个千分点 for ‰, otherwise the unit."""
    return {"%": "个百分点", "‰": "个千分点", "‱": "个万分点"}.get(unit, display_unit(unit))


def display_unit(unit: str) -> str:
    """Unit as printed after a number: 7.2/10万, 98%, 78.5岁."""
    return {"1/10万": "/10万"}.get(unit, unit)
