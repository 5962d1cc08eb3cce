"""Mid-term (2025) and final (2030) evaluation report: achievement by area and attribute, milestone judgement,
projection to the final year, the departments' implementation reports by area, and the evaluation group's
experience, problems and recommendations."""

from __future__ import annotations

from planwatch.domain import statuses as st

from . import annual
from . import narrative as nv
from .docx import Progress, ReportWriter, cn_number
from .model import STAGE_LABELS, EvaluationReportData

ANTICIPATED = ("有望实现", "需加快进度", "需扭转趋势")


def evaluation_title(data: EvaluationReportData) -> str:
    return f"《{data.plan_title}》{STAGE_LABELS.get(data.stage, '')}评估报告"


def write_evaluation(data: EvaluationReportData, progress: Progress = None) -> ReportWriter:
    w = ReportWriter(progress, sample=data.sample)
    w.step(0.02, "标题页与总体评价")
    lines = [f"（评估年度：{data.year}年）", data.author] + ([data.issued] if data.issued else [])
    w.title_page(evaluation_title(data), lines)
    stage = STAGE_LABELS.get(data.stage, "")
    w.heading("一、总体评价")
    w.paragraph(
        f"为系统分析评价《{data.plan_title}》目标达标情况，评判策略措施的实施效果，总结经验，找出问题，预测发展趋势，"
        f"提出对策建议，根据{data.period[0]}—{data.year}年监测数据和各成员单位实施情况报告，对规划实施情况进行了{stage}评估。"
    )
    w.paragraph(nv.achievement_sentence(data.indicators, f"截至{data.year}年，"), lead="目标达标情况。")
    attr = nv.attribute_sentence(data.indicators)
    if attr:
        w.paragraph(attr, lead="按指标属性。")
    write_area_attribute_table(w, data)
    write_milestones(w, data)
    write_projection(w, data)
    n_areas = len(data.areas)
    w.heading("二、各领域目标实现情况")
    for i, area in enumerate(data.areas, start=1):
        w.step(0.1 + 0.6 * (i - 1) / max(n_areas, 1), f"领域 {i}/{n_areas}：{area}")
        w.heading(f"（{cn_number(i)}）{area}", level=2)
        annual.write_area(w, data, area)
    w.step(0.75, "策略措施实施情况")
    w.heading("三、策略措施实施情况")
    write_implementation(w, data)
    annual.write_qualitative(w, data)
    w.heading("四、主要经验")
    w.text_block(data.experience, "（评估组尚未撰写主要经验。）")
    w.heading("五、存在的问题")
    write_problem_facts(w, data)
    w.text_block(data.problems, "（评估组尚未撰写存在的问题。）")
    w.heading("六、对策建议")
    w.text_block(data.recommendations, "（评估组尚未撰写对策建议。）")
    w.heading("七、预警指标")
    annual.write_warnings(w, data.indicators, data.year)
    w.step(0.92, "附录：指标一览表")
    w.landscape()
    w.heading("附录　监测指标评估一览表")
    write_appendix(w, data)
    return w


def write_area_attribute_table(w: ReportWriter, data: EvaluationReportData) -> None:
    rows = []
    for area in data.areas:
        for attr, label in (("binding", "约束性"), ("expected", "预期性"), ("", "未标注")):
            group = [i for i in data.in_area(area) if i.attribute == attr]
            if not group:
                continue
            c = nv.status_counts(group)
            share = nv.met_share(c)
            rows.append([area, label, str(sum(c.values())), str(c[nv.MET]), str(c[nv.NEAR]), str(c[nv.NOT_MET]),
                         str(c[st.NO_DATA.code] + c[st.NOT_ASSESSABLE.code]), annual.share_cell(share)])  # fmt: skip
    w.table("各领域分属性指标达标情况", ["领域", "属性", "指标数", "达标", "接近", "未达标", "无数据/不可评估", "达标率"],
            rows, widths=[3.8, 1.6, 1.5, 1.4, 1.4, 1.5, 2.6, 1.8])  # fmt: skip


def write_milestones(w: ReportWriter, data: EvaluationReportData) -> None:
    judged = [i for i in data.counted if i.milestone_status and i.milestone_year]
    if not judged:
        w.paragraph("规划未设定本年度的阶段性目标，或相关指标暂无数据。", lead="阶段目标。")
        return
    years = sorted({i.milestone_year for i in judged})
    met = [i for i in judged if i.milestone_status == nv.MET]
    missed = [i for i in judged if i.milestone_status == nv.NOT_MET]
    text = (
        f"设有{'、'.join(str(y) for y in years)}年阶段目标的{len(judged)}项指标中，{len(met)}项已达到阶段目标"
    )
    if missed:
        text += f"，{len(missed)}项未达到（{'、'.join(i.name for i in missed[:10])}{'等' if len(missed) > 10 else ''}）"
    w.paragraph(text + "。", lead="阶段目标。")


def write_projection(w: ReportWriter, data: EvaluationReportData) -> None:
    open_ = [i for i in data.counted if i.status in (nv.NEAR, nv.NOT_MET) and i.anticipated]
    if not open_:
        w.paragraph(f"尚未达标的指标中没有可按趋势预测到{data.period[1]}年的指标。", lead="趋势预测。")
        return
    parts = []
    for word in ANTICIPATED:
        group = [i for i in open_ if i.anticipated == word]
        if group:
            parts.append(
                f"{word}{len(group)}项（{'、'.join(i.name for i in group[:8])}{'等' if len(group) > 8 else ''}）"
            )
    w.paragraph(f"按近年趋势预测到{data.period[1]}年，尚未达标的{len(open_)}项指标中，" + "；".join(parts) + "。",
                lead="趋势预测。")  # fmt: skip


def write_implementation(w: ReportWriter, data: EvaluationReportData) -> None:
    if not data.implementation:
        w.paragraph("各成员单位尚未提交实施情况报告。")
        return
    w.paragraph(
        f"共收到{len({i.department for i in data.implementation})}个成员单位的{len(data.implementation)}份实施情况报告，按领域归集如下。"
    )
    for k, area in enumerate([*data.areas, "其他"], start=1):
        items = [
            i
            for i in data.implementation
            if area in i.areas or (area == "其他" and not set(i.areas) & set(data.areas))
        ]
        if not items:
            continue
        w.heading(f"（{cn_number(k)}）{area}", level=3)
        for item in items:
            w.paragraph(item.excerpt or f"（报告文件：{item.file_name or item.title}）",
                        lead=f"{item.department}《{item.title}》（{item.year}年）：")  # fmt: skip


def write_problem_facts(w: ReportWriter, data: EvaluationReportData) -> None:
    missed = [i for i in data.counted if i.status == nv.NOT_MET]
    binding = [i for i in missed if i.attribute == "binding"]
    nodata = [i for i in data.counted if i.status == st.NO_DATA.code]
    parts = []
    if missed:
        parts.append(
            f"{len(missed)}项指标未达标（{'、'.join(i.name for i in missed[:10])}{'等' if len(missed) > 10 else ''}）"
        )
    if binding:
        parts.append(f"其中约束性指标{len(binding)}项")
    if nodata:
        parts.append(f"{len(nodata)}项指标无数据，监测基础有待加强")
    if parts:
        w.paragraph("；".join(parts) + "。", lead="监测数据反映的问题。")


def write_appendix(w: ReportWriter, data: EvaluationReportData) -> None:
    header = [
        "序号",
        "领域",
        "指标",
        "属性",
        "基期值",
        f"{data.year}年",
        "目标",
        "状态",
        "阶段目标",
        f"{data.period[1]}年预测",
        "预期",
    ]
    rows = []
    for n, i in enumerate(data.indicators, start=1):
        rows.append([
            str(n), i.area, i.name, annual.ATTRIBUTE_LABELS.get(i.attribute, "未标注"),
            nv.value_text(i.baseline_value, i.unit) if i.baseline_value is not None else "—",
            nv.value_text(i.value, i.unit), i.target, st.label(i.status),
            f"{i.milestone_year}年{i.milestone_target}：{st.label(i.milestone_status)}" if i.milestone_status else "—",
            nv.value_text(i.projected_final, i.unit) if i.status != nv.MET else "—", i.anticipated or "—",
        ])  # fmt: skip
    w.table(f"{data.region}{data.year}年监测指标评估一览表", header, rows,
            widths=[1.0, 2.6, 5.4, 1.4, 1.8, 1.8, 2.6, 1.4, 3.2, 1.9, 1.7], font_pt=8)  # fmt: skip
