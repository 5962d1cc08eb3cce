"""Thresholds of the assessment, all in one place and all overridable (what a unit is: ``planwatch.domain``).

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
    volatile_abs: dict[str, float] = field(default_factory=lambda: {"%": 5.0, "‰": 3.0, "1/万": 3.0})
    volatile_rel: float = 0.30  # other units: year-on-year change beyond 30 % of the previous value
    outlier_z: float = 3.0
    outlier_min_points: int = 5
    gap_tolerance: float = 0.01  # gap must grow by more than 1 % of the level to count as widening

    def with_overrides(self, **kwargs: float) -> AssessConfig:
        unknown = set(kwargs) - set(self.__dataclass_fields__)
        if unknown:
            raise ValueError(f"未知的评估参数：{'、'.join(sorted(unknown))}")
        return replace(self, **kwargs)
