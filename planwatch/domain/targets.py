"""Target kinds: what a stated target means, as the parser writes it and the assessment reads it."""

from __future__ import annotations

from typing import Literal

TargetKind = Literal[
    "numeric_min",  # ≥ / 以上 / 不低于 / 达到
    "numeric_max",  # ≤ / 以下 / 控制在 / 不高于
    "numeric_exact",  # = (e.g. 100%, "实现全覆盖")
    "approx",  # 45左右 (tolerance decided by the assessment engine)
    "ratio",  # 2：3, value = first/second
    "direction_up",  # 逐年提高 / 明显提升 / 稳步增长
    "direction_down",  # 明显降低 / 逐步下降 / 得到控制
    "maintain",  # 保持 / 稳定在 / 巩固提高 / 趋于平衡 / 保持合理比例 (no numeric level given)
    "relative",  # 不低于本地区党员总数中女性比例
    "qualitative",  # 实现基本普及, 显著改善, 上升趋势减缓, …
]
TARGET_KINDS: tuple[str, ...] = TargetKind.__args__  # type: ignore[attr-defined]

# Comparators are plain ASCII so that JSON and CSV stay readable everywhere.
Comparator = Literal[">=", ">", "<=", "<", "=", "~"]
COMPARATORS: tuple[str, ...] = Comparator.__args__  # type: ignore[attr-defined]

# Kinds with a numeric level to compare with (when a value was stated).
NUMERIC_KINDS = frozenset({"numeric_min", "numeric_max", "numeric_exact", "approx", "maintain", "ratio"})
# Kinds whose goal is a level, not a direction: the indicator is neither higher- nor lower-is-better.
NEUTRAL_KINDS = frozenset({"approx", "ratio"})
# Kinds the engine cannot judge against data.
NOT_ASSESSABLE_KINDS = frozenset({"qualitative"})

KIND_LABELS: dict[str, str] = {
    "numeric_min": "不低于",
    "numeric_max": "不高于",
    "numeric_exact": "等于",
    "approx": "左右",
    "ratio": "比例",
    "direction_up": "提高",
    "direction_down": "降低",
    "maintain": "保持",
    "relative": "相对目标",
    "qualitative": "定性",
}
