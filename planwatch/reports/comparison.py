"""Comparison report: the regions of one level (e.g. every county of a city) on chosen indicators — ranking,
distance to the target, female/male gap and a bar chart per indicator."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from planwatch.domain import statuses as st
from planwatch.domain.units import display_unit

from . import charts
from . import narrative as nv
from .docx import Progress, ReportWriter, cn_number
from .model import ComparisonIndicator, ComparisonReportData, RegionValue

DISTANCE_KINDS = ("numeric_min", "numeric_max", "numeric_exact", "approx")


@dataclass
class Ranked:
    rank: int | None  # None: no value
    row: RegionValue
    distance: float | None  # how far from the target in the good direction: > 0 still short, ≤ 0 reached

    @property
    def name(self) -> str:
        return self.row.name

    @property
    def value(self) -> float | None:
        return self.row.value

    @property
    def status(self) -> str:
        return self.row.status


def direction_sign(ci: ComparisonIndicator) -> int:
    if ci.comparator in (">=", ">") or ci.kind == "numeric_min":
        return 1
    if ci.comparator in ("<=", "<") or ci.kind == "numeric_max":
        return -1
    return {"higher_is_better": 1, "lower_is_better": -1}.get(ci.direction, 0)


def ranked(ci: ComparisonIndicator) -> list[Ranked]:
    """Best first (given the direction; neutral indicators by value, highest first); regions without a value
    last and unranked. Equal values share a rank (1, 2, 2, 4)."""
    sign = direction_sign(ci) or 1
    have = sorted((r for r in ci.values if r.value is not None), key=lambda r: (-sign * r.value, r.code))
    out: list[Ranked] = []
    for pos, r in enumerate(have, start=1):
        rank = out[-1].rank if out and out[-1].value == r.value else pos
        out.append(Ranked(rank, r, distance(ci, r.value)))
    out += [Ranked(None, r, None) for r in sorted(ci.values, key=lambda r: r.code) if r.value is None]
    return out


def distance(ci: ComparisonIndicator, value: float | None) -> float | None:
    if value is None or ci.target_value is None or ci.kind not in DISTANCE_KINDS:
        return None
    if ci.kind in ("numeric_exact", "approx"):
        return abs(ci.target_value - value)
    return (ci.target_value - value) * direction_sign(ci)


def distance_text(ci: ComparisonIndicator, d: float | None) -> str:
    if d is None:
        return "—"
    if d <= 1e-9:
        return (
            "已达到"
            if ci.kind not in ("numeric_exact", "approx") or d <= 1e-9
            else nv.amount_text(d, ci.unit)
        )
    return f"差{nv.amount_text(d, ci.unit)}"


def gap_text(ci: ComparisonIndicator, r: RegionValue) -> str:
    if r.female is None or r.male is None:
        return "—"
    gap = r.female - r.male
    if abs(gap) < 1e-9:
        return "无差距"
    return f"女{'高' if gap > 0 else '低'}{nv.amount_text(gap, ci.unit)}"


def indicator_paragraph(ci: ComparisonIndicator, rows: list[Ranked], data: ComparisonReportData) -> str:
    have = [r for r in rows if r.rank is not None]
    if not have:
        return f"{data.year}年各{data.level}均无{ci.name}数据。"
    values = [r.value for r in have]
    met = sum(r.status == nv.MET for r in have)
    text = (
        f"{data.year}年，{len(have)}个{data.level}报送了{ci.name}，中位数为{nv.value_text(median(values), ci.unit)}；"
        f"{have[0].name}最好（{nv.value_text(have[0].value, ci.unit)}），{have[-1].name}最差（{nv.value_text(have[-1].value, ci.unit)}）"
    )
    if ci.target_value is not None or ci.kind != "qualitative":
        text += f"；对照规划目标{ci.target}，{met}个{data.level}达标"
    missing = len(rows) - len(have)
    if missing:
        text += f"，{missing}个{data.level}无数据"
    gaps = [
        (r.row.female - r.row.male, r) for r in have if r.row.female is not None and r.row.male is not None
    ]
    if gaps:
        g, r = max(gaps, key=lambda p: abs(p[0]))
        text += f"；性别差距最大的是{r.name}（{gap_text(ci, r.row)}）"
    return text + "。"


def write_comparison(data: ComparisonReportData, progress: Progress = None) -> ReportWriter:
    w = ReportWriter(progress, sample=data.sample)
    w.step(0.02, "标题页与概况")
    title = f"{data.year}年{data.parent_region}各{data.level}妇女儿童发展规划主要指标比较报告"
    w.title_page(title, [data.author, data.issued] if data.issued else [data.author])
    all_ranked = [(ci, ranked(ci)) for ci in data.indicators]
    names = list(dict.fromkeys(r.name for ci in data.indicators for r in ci.values))
    w.heading("一、概况")
    w.paragraph(
        f"本报告依据《{data.plan_title}》监测指标，对{data.parent_region}所属{len(names)}个{data.level}"
        f"{data.year}年的{len(data.indicators)}项指标进行比较：按指标方向排名（数值越好名次越前），"
        "给出与规划目标的差距和分性别差距。"
    )
    rows = []
    for name in names:
        got = [r.status for _, rs in all_ranked for r in rs if r.name == name]
        c = {s: got.count(s) for s in nv.STATUSES}
        share = nv.met_share(c)
        rows.append((share if share is not None else -1, [name, str(c[nv.MET]), str(c[nv.NEAR]), str(c[nv.NOT_MET]),
                     str(c[st.NO_DATA.code]), f"{nv.number(share, 1)}%" if share is not None else "—"]))  # fmt: skip
    rows.sort(key=lambda p: -p[0])
    w.table(f"各{data.level}所选指标达标情况（按达标率排序）", [data.level, "达标", "接近", "未达标", "无数据", "达标率"],
            [[*r[:1], *r[1:]] for _, r in rows], widths=[4.5, 2, 2, 2, 2, 2.5])  # fmt: skip
    w.heading("二、分指标比较")
    for k, (ci, rs) in enumerate(all_ranked, start=1):
        w.step(0.05 + 0.9 * (k - 1) / max(len(all_ranked), 1), f"指标 {k}/{len(all_ranked)}：{ci.name}")
        w.heading(f"（{cn_number(k) if k < 100 else k}）{ci.name}", level=2)
        w.paragraph(indicator_paragraph(ci, rs, data))
        spec = charts.comparison_chart(ci, [r for r in rs if r.rank is not None])
        if spec.has_data:
            w.figure(
                charts.render_png(spec, height_cm=7.5),
                f"{data.year}年各{data.level}{ci.name}（单位：{display_unit(ci.unit) or '—'}）",
            )
        table_rows = [
            [str(r.rank) if r.rank else "—", r.name, nv.value_text(r.value, ci.unit), distance_text(ci, r.distance),
             nv.value_text(r.row.female, ci.unit), nv.value_text(r.row.male, ci.unit), gap_text(ci, r.row), st.label(r.status)]
            for r in rs
        ]  # fmt: skip
        w.table(f"{ci.name}排名（目标{ci.target}）", ["名次", data.level, "数值", "与目标差距", "女", "男", "性别差距", "状态"],
                table_rows, widths=[1.0, 2.6, 1.8, 2.4, 1.6, 1.6, 2.9, 1.7], font_pt=8.5)  # fmt: skip
    return w
