"""The indicator page's reference parts: what the plan says (source text, target, milestones), how the
indicator is reported (departments, disaggregation, data source, dictionary entry) and its revision history
(every change of a reported value, from the reporting workflow's history)."""

from __future__ import annotations

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.plans.models import Indicator
from planwatch.apps.reporting.models import Assignment, ObservationHistory

DIRECTIONS = {
    "higher_is_better": "越高越好",
    "lower_is_better": "越低越好",
    "neutral": "适中为好（不分高低）",
}
KINDS = {
    "numeric_min": "不低于目标值", "numeric_max": "不高于目标值", "numeric_exact": "等于目标值",
    "approx": "目标值左右", "ratio": "比例", "direction_up": "提高（无目标值）", "direction_down": "降低（无目标值）",
    "maintain": "保持", "relative": "相对目标（对照其他指标或上级水平）", "qualitative": "定性目标",
}  # fmt: skip
HISTORY_LIMIT = 100


def indicator_metadata(indicator: Indicator) -> list[tuple[str, str]]:
    """Label/value pairs, in the order a reader asks them."""
    plan = indicator.plan
    assignment = Assignment.objects.filter(indicator=indicator).select_related("lead").first()
    groups = []
    if assignment:
        if assignment.by_sex:
            groups.append("分性别")
        if assignment.by_area:
            groups.append("分城乡")
        if assignment.age_group_list():
            groups.append("分年龄组（" + "、".join(assignment.age_group_list()) + "）")
    partners = ", ".join(p.name for p in assignment.partners.all()) if assignment else ""
    milestones = "；".join(
        f"{m.get('year')}年 {m.get('text') or m.get('value')}"
        for m in (indicator.milestones or [])
        if isinstance(m, dict)
    )
    link = getattr(indicator, "dictionary_link", None) if hasattr(indicator, "dictionary_link") else None
    entry = link.entry if link is not None and link.entry_id else None
    rows = [
        ("规划", plan.title),
        ("领域", indicator.area.name if indicator.area_id else "未分领域"),
        ("单位", indicator.unit or "无"),
        ("指标属性", indicator.get_attribute_display() or "未标注"),
        ("目标", f"{indicator.target_text}（{indicator.target_year or plan.period_end}年）"),
        ("目标类型", KINDS.get(indicator.target_kind, indicator.target_kind)),
        ("阶段目标", milestones or "无"),
        ("方向", DIRECTIONS.get(indicator.direction, indicator.direction)),
        ("基期", f"{indicator.baseline_year}年 {indicator.baseline_value:g}" if indicator.baseline_value is not None
                 and indicator.baseline_year else "未载明"),
        ("牵头单位", assignment.lead.name if assignment and assignment.lead_id else (indicator.departments_text or "未指定")),
        ("配合单位", partners or "无"),
        ("分组报送", "、".join(groups) or "只报合计"),
        ("分子分母", "报送" if assignment and assignment.with_fraction else "不报送"),
        ("数据来源", assignment.data_source if assignment and assignment.data_source else "未填写"),
    ]  # fmt: skip
    if entry is not None:
        rows.append(
            ("指标字典", f"{entry.code} {entry.name}" + (f"：{entry.definition}" if entry.definition else ""))
        )
    return rows


def revisions(indicator: Indicator, user, region_ids: list[int]) -> list[ObservationHistory]:
    """The newest changes of the indicator's reported values in the plan's tree that the user may see."""
    ids = [i for i in region_ids if perm.in_scope(user, i)]
    return list(
        ObservationHistory.objects.filter(indicator=indicator, region_id__in=ids)
        .select_related("region", "user")
        .order_by("-at", "-id")[:HISTORY_LIMIT]
    )
