"""年度统计监测报告: title page, summary, one section per area (a paragraph and a chart per indicator),
the early-warning list, qualitative and strategy targets, and the appendix table of every indicator."""

from __future__ import annotations

from planwatch.domain import statuses as st

from . import charts
from . import narrative as nv
from .docx import Progress, ReportWriter, cn_number
from .model import ATTRIBUTE_LABELS, AnnualReportData, IndicatorResult

STATUS_ORDER = nv.STATUSES  # codes, in the order of the table's columns


def annual_title(data: AnnualReportData) -> str:
    return f"{data.year}年《{data.plan_title}》统计监测报告"


def write_annual(data: AnnualReportData, progress: Progress = None) -> ReportWriter:
    w = ReportWriter(progress, sample=data.sample)
    w.step(0.02, "标题页与总体情况")
    w.title_page(annual_title(data), [data.author, data.issued] if data.issued else [data.author])
    w.heading("一、总体情况")
    write_summary(w, data)
    n_areas = len(data.areas)
    for i, area in enumerate(data.areas, start=1):
        w.step(0.05 + 0.8 * (i - 1) / max(n_areas, 1), f"领域 {i}/{n_areas}：{area}")
        w.heading(f"{cn_number(i + 1)}、{area}")
        write_area(w, data, area)
    w.step(0.88, "预警指标与定性目标")
    n = n_areas + 2
    w.heading(f"{cn_number(n)}、预警指标")
    write_warnings(w, data.indicators, data.year)
    w.heading(f"{cn_number(n + 1)}、定性目标和策略措施")
    write_qualitative(w, data)
    w.step(0.94, "附录：指标一览表")
    w.landscape()
    w.heading("附录　监测指标一览表")
    write_appendix(w, data)
    return w


def share_cell(share: float | None) -> str:
    """达标率 in a table column: one decimal throughout (20.0%, 69.2%), so the column reads evenly."""
    return "—" if share is None else f"{share:.1f}%"


def write_summary(w: ReportWriter, data: AnnualReportData) -> None:
    w.paragraph(nv.opening_paragraph(data))
    w.paragraph(
        nv.achievement_sentence(data.indicators, f"{data.year}年，{data.region}"), lead="目标达标情况。"
    )
    attr = nv.attribute_sentence(data.indicators)
    if attr:
        w.paragraph(attr, lead="按指标属性。")
    rows = []
    for area in data.areas:
        c = nv.status_counts(data.in_area(area))
        share = nv.met_share(c)
        rows.append([area, str(sum(c.values())), *(str(c[s]) for s in STATUS_ORDER), share_cell(share)])
    total = nv.status_counts(data.indicators)
    share = nv.met_share(total)
    rows.append(["合计", str(sum(total.values())), *(str(total[s]) for s in STATUS_ORDER), share_cell(share)])
    w.table(f"{data.year}年各领域指标达标情况", ["领域", "指标数", *(st.label(s) for s in STATUS_ORDER), "达标率"], rows,
            widths=[4.0, 1.5, 1.4, 1.4, 1.5, 1.4, 1.8, 1.6])  # fmt: skip
    warned = [i for i in data.counted if i.warned]
    if warned:
        binding = [i for i in warned if "binding_missed" in i.warnings]
        at_risk = [i for i in warned if "at_risk" in i.warnings]
        text = f"共{len(warned)}项指标触发预警"
        if binding:
            text += f"，其中约束性指标未达标{len(binding)}项（{'、'.join(i.name for i in binding[:8])}）"
        if at_risk:
            text += f"；预计难以按期实现目标{len(at_risk)}项（{'、'.join(i.name for i in at_risk[:8])}{'等' if len(at_risk) > 8 else ''}）"
        gaps = [i for i in warned if nv.widening_gaps(i)]
        if gaps:
            text += f"；性别或城乡差距扩大{len(gaps)}项（{'、'.join(i.name for i in gaps[:8])}{'等' if len(gaps) > 8 else ''}）"
        w.paragraph(text + "。详见“预警指标”一节。", lead="主要预警。")
    else:
        w.paragraph("本年度没有指标触发预警。", lead="主要预警。")
    better, worse = nv.movers(data.indicators)
    if better:
        w.paragraph("；".join(nv.mover_phrase(i, data.year) for i in better) + "。", lead="进步较大的指标。")
    if worse:
        w.paragraph("；".join(nv.mover_phrase(i, data.year) for i in worse) + "。", lead="逆向变化的指标。")


def write_area(w: ReportWriter, data: AnnualReportData, area: str) -> None:
    inds = data.in_area(area)
    w.paragraph(nv.achievement_sentence(inds, f"{area}领域"), lead="总体情况。")
    for k, ind in enumerate(inds, start=1):
        lead = f"（{cn_number(k)}）{ind.name}。" if k < 100 else f"（{k}）{ind.name}。"
        w.paragraph(nv.indicator_sentence(ind, data.year), lead=lead)
        chart = charts.trend_chart(ind, data.year)
        if sum(v is not None for v in (chart.lines[0].values if chart.lines else [])) >= 2:
            w.figure(charts.render_png(chart), figure_caption(data.region, ind, chart), width_cm=13.5)


def figure_caption(region: str, ind: IndicatorResult, chart) -> str:
    """江津区孕产妇死亡率（2020—2025年） — the years that have data, not the axis, which runs on to the target
    year; a drawn projection is named with its last year."""
    observed = [
        int(y) for y, v in zip(chart.categories, chart.lines[0].values, strict=False) if v is not None
    ]
    text = f"{region}{ind.name}（{observed[0]}—{observed[-1]}年"
    ahead = [int(y) for y, v in zip(chart.categories, chart.projection or [], strict=False) if v is not None]
    if len(ahead) >= 2 and ahead[-1] > observed[-1]:
        text += f"，{ahead[-1]}年为趋势预测"
    return text + "）"


def warning_rows(indicators: list[IndicatorResult], year: int) -> list[list[str]]:
    """The headline's warnings, then one row per female/male or rural/urban gap that widened."""
    rows = []
    for ind in indicators:
        if ind.restates:
            continue
        departments = "、".join(ind.departments) or "—"
        if ind.warnings:
            rows.append([str(len(rows) + 1), ind.area, ind.name, nv.value_text(ind.value, ind.unit), ind.target,
                         st.label(ind.status), "、".join(nv.warning_labels(ind)), departments])  # fmt: skip
        for first, second in nv.widening_gaps(ind):
            values = "、".join(
                f"{c.label}{nv.value_text(c.values.get(year), ind.unit)}" for c in (first, second)
            )
            rows.append([str(len(rows) + 1), ind.area, f"{ind.name}（{first.label}与{second.label}）", values,
                         ind.target, st.label(first.statuses.get(year) or ind.status),
                         nv.widening_text(first, second, year, ind.unit), departments])  # fmt: skip
    return rows


def write_warnings(w: ReportWriter, indicators: list[IndicatorResult], year: int) -> None:
    rows = warning_rows(indicators, year)
    if not rows:
        w.paragraph("本年度没有指标触发预警。")
        return
    w.paragraph(f"以下{len(rows)}项指标触发预警，请责任单位分析原因、采取措施。")
    w.table("预警指标及责任单位", ["序号", "领域", "指标", "本年值", "目标", "状态", "预警", "责任单位"], rows,
            widths=[1.0, 2.2, 3.6, 1.6, 1.8, 1.3, 2.4, 2.4], font_pt=8.5)  # fmt: skip


UNJUDGED = "尚未评价"  # the judgement cell of an item the evaluation group has not judged (yet)


def qualitative_rows(data: AnnualReportData) -> list[list[str]]:
    """领域, the target or 策略措施 as printed, the evaluation group's judgement (尚未评价 when none) and its
    evidence: qualitative targets and judged 措施目标 first, then the plan's 策略措施 in printed order."""
    rows = [[i.area, f"{i.name}：{i.target_text}", i.judgement or UNJUDGED, i.evidence or "—"]
            for i in data.indicators if i.kind == "qualitative" or (not i.in_rate and i.judgement)]  # fmt: skip
    rows += [[s.area, s.text, s.judgement or UNJUDGED, s.evidence or "—"] for s in data.strategies]
    return rows


def write_qualitative(w: ReportWriter, data: AnnualReportData) -> None:
    rows = qualitative_rows(data)
    if not rows:
        w.paragraph("本规划没有定性目标或需评价的策略措施。")
        return
    open_ = sum(r[2] == UNJUDGED for r in rows)
    text = "定性目标和策略措施不作数值评估，由评估组根据部门实施情况报告等材料作出评价。"
    if open_ == len(rows):
        text += f"共{len(rows)}项，评估组尚未评价。"
    elif open_:
        text += f"共{len(rows)}项，已评价{len(rows) - open_}项，{open_}项尚未评价。"
    else:
        text += f"共{len(rows)}项，均已评价。"
    w.paragraph(text)
    w.table("定性目标和策略措施评价", ["领域", "目标或策略措施", "评估组评价", "依据"], rows,
            widths=[2.4, 7.0, 3.2, 3.0], font_pt=8.5)  # fmt: skip


def appendix_rows(data: AnnualReportData) -> list[list[str]]:
    rows = []
    for n, i in enumerate(data.indicators, start=1):
        prev = i.history.get(data.year - 1)
        rows.append([
            str(n), i.area, i.name + ("（同上）" if i.restates else ""), i.unit or "—",
            ATTRIBUTE_LABELS.get(i.attribute, "未标注"),
            nv.value_text(i.baseline_value, i.unit) if i.baseline_value is not None else "—",
            nv.value_text(prev, i.unit), nv.value_text(i.value, i.unit),
            nv.change_cell(i, data.year) or "—",
            i.target + (f"（{i.target_year}年）" if i.target_year else ""), st.label(i.status),
            f"{i.milestone_year}年{st.label(i.milestone_status)}" if i.milestone_status else "—",
        ])  # fmt: skip
    return rows


def write_appendix(w: ReportWriter, data: AnnualReportData) -> None:
    header = ["序号", "领域", "指标", "单位", "属性", "基期值", f"{data.year - 1}年", f"{data.year}年", "比上年",
              "目标", "状态", "阶段目标"]  # fmt: skip
    w.table(f"{data.region}{data.year}年监测指标一览表", header, appendix_rows(data),
            widths=[1.0, 2.6, 5.2, 1.4, 1.4, 1.7, 1.7, 1.7, 2.4, 2.6, 1.4, 1.9], font_pt=8)  # fmt: skip
