"""The sentences of a statistical monitoring report, in the style of the national statistics bureau's
reports on the two outlines (see README "监测评估报告"):

    2024年，孕产妇死亡率为7.2/10万，比上年降低7.7%，比2020年降低24.2%，低于规划目标8/10万，已达标。

Rates in % change in 个百分点 (‰ in 个千分点), counts, levels and durations in their own unit (增加120人,
提高0.5岁), other values such as per-10万 rates in relative % ("比2023年降低5.3%", as NBS writes) — the
domain's wording (``planwatch.domain.units.change_form``). Pure
functions of ``model`` objects: no Django, no I/O.
"""

from __future__ import annotations

from planwatch.assessment.explain import compared_year
from planwatch.assessment.warnings import WARNING_LABELS
from planwatch.domain import statuses
from planwatch.domain.units import COUNT, change_form, change_word, display_unit, unit_info

from .model import AnnualReportData, CellSeries, IndicatorResult

STATUSES = tuple(s.code for s in statuses.JUDGED)  # counts are keyed by status code
ASSESSABLE = statuses.ASSESSED
MET, NEAR, NOT_MET = statuses.MET.code, statuses.NEAR.code, statuses.NOT_MET.code
STATUS_WORDS = {MET: "已达标", NEAR: "接近目标", NOT_MET: "未达标"}
FLAT = 1e-9


def number(x: float | None, digits: int = 2) -> str:
    """A figure as a statistician prints it: at most ``digits`` decimals, no trailing zeros."""
    if x is None:
        return "—"
    text = f"{x:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{x:.0f}"
    return "0" if text in ("-0", "") else text


def value_text(value: float | None, unit: str, digits: int = 2) -> str:
    return "—" if value is None else f"{number(value, digits)}{display_unit(unit)}"


def reported_digits(ind: IndicatorResult, most: int = 2) -> int:
    """The decimals the indicator's reported values print with (at most ``most``): a projection is worded
    with as many (at least one), not more precisely than the data it is drawn from (65.3%, not 65.25%, after
    61.2%)."""
    shown = [number(v, most) for v in ind.history.values()] or [number(ind.value, most)]
    return max((len(t.split(".")[1]) if "." in t else 0) for t in shown)


CN_COUNTS = "零一二三四五六七八九十"


def count_text(n: int) -> str:
    """八个领域, 12个领域: counts up to ten in characters, as official texts write them."""
    return CN_COUNTS[n] if 0 <= n <= 10 else str(n)


def change_family(unit: str) -> str:
    """How a change of this unit is worded: 'points' (个百分点), 'absolute' (in the unit) or 'relative' (%)."""
    form = change_form(unit)[0]
    if form == "points":
        return "points"
    return "absolute" if form == "unit" or not unit else "relative"


def _is_count(unit: str) -> bool:
    info = unit_info(unit)
    return info is not None and info.family == COUNT


def amount_text(delta: float, unit: str) -> str:
    """A difference between two values of one indicator (a gap, a distance to target), without sign."""
    if change_family(unit) == "points":
        return f"{number(abs(delta))}{change_word(unit)}"
    return f"{number(abs(delta))}{display_unit(unit)}"


def change_phrase(change: float | None, change_pct: float | None, unit: str, against: str) -> str:
    """比上年下降0.6个百分点 / 与上年持平 / 比2020年降低43.7% / 比上年增加120人 ('' when unknown)."""
    if change is None:
        return ""
    if abs(change) < FLAT:
        return f"与{against}持平"
    up = change > 0
    family = change_family(unit)
    if family == "points":
        return f"比{against}{'提高' if up else '下降'}{number(abs(change))}{change_word(unit)}"
    if family == "relative" and change_pct is not None:
        return f"比{against}{'提高' if up else '降低'}{number(abs(change_pct), 1)}%"
    verb = ("增加" if up else "减少") if _is_count(unit) else ("提高" if up else "下降")
    return f"比{against}{verb}{number(abs(change))}{display_unit(unit)}"


def change_on_previous(ind: IndicatorResult, year: int) -> str:
    """比上年… when the compared year is the one just before, otherwise 比2015年… ('' when unknown)."""
    return change_phrase(ind.change, ind.change_pct, ind.unit, compared_year(ind.prev_year, year))


def change_cell(ind: IndicatorResult, year: int) -> str:
    """The change in a table whose column reads 比上年: the bare change, or the named year when it is another."""
    return change_on_previous(ind, year).removeprefix("比上年")


def relative_change(value: float | None, base: float | None) -> tuple[float | None, float | None]:
    if value is None or base is None:
        return None, None
    delta = value - base
    return delta, (delta / abs(base) * 100 if base else None)


def target_level_text(ind: IndicatorResult) -> str:
    """The target as it reads after 规划目标: 8/10万, 95%, 45%左右; the plan's words for other kinds."""
    if ind.target_value is not None and ind.kind in ("numeric_min", "numeric_max", "numeric_exact", "approx"):
        text = value_text(ind.target_value, ind.unit)
        return f"{text}左右" if ind.kind == "approx" or ind.comparator == "~" else text
    return f"「{ind.target_text or ind.target}」"


def target_phrase(ind: IndicatorResult) -> str:
    """How the value stands against the target, and the verdict: 低于规划目标8/10万，已达标."""
    status = ind.status
    if ind.kind == "qualitative":
        return f"规划目标为定性目标「{ind.target_text or ind.target}」，由评估组结合实施情况评价"
    if status == statuses.NOT_ASSESSABLE.code:
        return f"规划目标为{target_level_text(ind)}，暂不可评估（{ind.reason or '缺少可比的目标值'}）"
    verdict = STATUS_WORDS.get(status, statuses.label(status))
    v, tv = ind.value, ind.target_value
    numeric = tv is not None and v is not None and ind.kind in ("numeric_min", "numeric_max", "numeric_exact")
    if numeric:
        level = target_level_text(ind)
        if abs(v - tv) < FLAT:
            return f"达到规划目标{level}，{verdict}"
        side = "高于" if v > tv else "低于"
        if status == MET:
            return f"{side}规划目标{level}，{verdict}"
        return f"{side}规划目标{level}，距目标还差{amount_text(tv - v, ind.unit)}，{verdict}"
    if ind.kind == "approx" and tv is not None and v is not None:
        if status == MET:
            return f"处于规划目标{target_level_text(ind)}的范围内，{verdict}"
        side = "高于" if v > tv else "低于"
        return f"{side}规划目标{target_level_text(ind)}，{verdict}"
    return f"规划目标为{target_level_text(ind)}，{verdict}"


def milestone_phrase(ind: IndicatorResult) -> str:
    if not ind.milestone_status or ind.milestone_status == statuses.NO_DATA.code or not ind.milestone_year:
        return ""
    word = {MET: "已达到", NEAR: "接近", NOT_MET: "未达到"}.get(ind.milestone_status)
    if word is None:
        return f"{ind.milestone_year}年阶段目标（{ind.milestone_target}）暂不可评估"
    return f"{word}{ind.milestone_year}年阶段目标（{ind.milestone_target}）"


def projection_phrase(ind: IndicatorResult) -> str:
    """按近年趋势预计2030年为7.9/10万，有望实现 — only for indicators not yet met."""
    if ind.status == MET or ind.projected_final is None or not ind.target_year:
        return ""
    projected = value_text(ind.projected_final, ind.unit, max(reported_digits(ind), 1))
    text = f"按近年趋势预计{ind.target_year}年为{projected}"
    return f"{text}，{ind.anticipated}" if ind.anticipated else text


def gap_phrase(ind: IndicatorResult, year: int) -> str:
    """其中，女性为…、男性为…，女性比男性高…（差距比上年扩大…）；城镇为…、农村为…."""
    parts = []
    for dim, a, b in (("sex", "female", "male"), ("area_type", "rural", "urban")):
        first, second = ind.cell(**{dim: a}), ind.cell(**{dim: b})
        if not first or not second:
            continue
        text = pair_phrase(first, second, year, ind.unit)
        if text:
            parts.append(text)
    return "其中，" + "；".join(parts) if parts else ""


def pair_phrase(first: CellSeries, second: CellSeries, year: int, unit: str) -> str:
    va, vb = first.values.get(year), second.values.get(year)
    if va is None or vb is None:
        return ""
    la, lb = first.label, second.label
    head = f"{la}为{value_text(va, unit)}、{lb}为{value_text(vb, unit)}"
    gap = va - vb
    tiny = 0.05 if change_family(unit) == "points" else 0.005 * max(abs(va), abs(vb), 1e-9)
    if abs(gap) <= tiny:
        what = "性别" if first.sex != "total" else "城乡"
        return f"{head}，基本无{what}差距"
    text = f"{head}，{la}比{lb}{'高' if gap > 0 else '低'}{amount_text(gap, unit)}"
    pa, pb = first.values.get(year - 1), second.values.get(year - 1)
    if pa is not None and pb is not None:
        widen = abs(gap) - abs(pa - pb)
        if abs(widen) > tiny:
            text += f"，差距比上年{'扩大' if widen > 0 else '缩小'}{amount_text(widen, unit)}"
    return text


def indicator_sentence(ind: IndicatorResult, year: int) -> str:
    """The paragraph of one indicator in the annual report."""
    if ind.value is None:
        if ind.kind == "qualitative":
            return f"{ind.name}：{target_phrase(ind)}。"
        return f"{year}年，{ind.name}无数据（应报未报或下级数据不完整，无法汇总），未能评估目标进展。"
    clauses = [f"{year}年，{ind.name}为{value_text(ind.value, ind.unit)}"]
    if ind.source == "baseline":
        clauses[0] += "（规划基期值）"
    prev = change_on_previous(ind, year)
    if prev:
        clauses.append(prev)
    if (
        ind.base_year
        and ind.base_year < year
        and ind.base_value is not None
        and ind.base_year != ind.prev_year
    ):
        delta, pct = relative_change(ind.value, ind.base_value)
        base = change_phrase(delta, pct, ind.unit, f"{ind.base_year}年")
        if base:
            clauses.append(base)
    clauses.append(target_phrase(ind))
    text = "，".join(clauses) + "。"
    for extra in (milestone_phrase(ind), projection_phrase(ind), gap_phrase(ind, year)):
        if extra:
            text += extra + "。"
    return text


def labels_of(codes: list[str]) -> list[str]:
    return [WARNING_LABELS.get(w, w) for w in codes]


def warning_labels(ind: IndicatorResult) -> list[str]:
    return labels_of(ind.warnings)


PARTNERS = {"female": "male", "male": "female", "rural": "urban", "urban": "rural"}


def widening_gaps(ind: IndicatorResult) -> list[tuple[CellSeries, CellSeries]]:
    """The female/male and rural/urban pairs whose gap widened in the report year (either cell flagged),
    female and rural first, each pair once."""
    pairs, seen = [], set()
    for c in ind.cells:
        if "gap_widening" not in c.warnings or c.is_headline:
            continue
        if c.sex in ("female", "male"):
            key = ("sex", c.area_type, c.age_group)
            partner = ind.cell(sex=PARTNERS[c.sex], area_type=c.area_type, age_group=c.age_group)
            first = c if c.sex == "female" else partner
        elif c.area_type in ("rural", "urban"):
            key = ("area_type", c.sex, c.age_group)
            partner = ind.cell(sex=c.sex, area_type=PARTNERS[c.area_type], age_group=c.age_group)
            first = c if c.area_type == "rural" else partner
        else:
            continue
        if partner is None or key in seen:
            continue
        seen.add(key)
        pairs.append((first, partner if first is c else c))
    return pairs


def widening_text(first: CellSeries, second: CellSeries, year: int, unit: str) -> str:
    """性别差距扩大（女性比男性低1.5个百分点，上年低0.8个百分点）."""
    what = "性别" if first.sex in ("female", "male") else "城乡"
    text = f"{what}{WARNING_LABELS['gap_widening']}"
    va, vb = first.values.get(year), second.values.get(year)
    if va is None or vb is None:
        return text
    gap = va - vb
    detail = f"{first.label}比{second.label}{'高' if gap > 0 else '低'}{amount_text(gap, unit)}"
    pa, pb = first.values.get(year - 1), second.values.get(year - 1)
    if pa is not None and pb is not None:
        detail += f"，上年{'高' if pa - pb > 0 else '低'}{amount_text(pa - pb, unit)}"
    return f"{text}（{detail}）"


def status_counts(indicators: list[IndicatorResult]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for i in indicators:
        if i.counts:
            counts[i.status] = counts.get(i.status, 0) + 1
    return counts


def met_share(counts: dict[str, int]) -> float | None:
    assessable = sum(counts[s] for s in ASSESSABLE)
    return counts[MET] / assessable * 100 if assessable else None


def achievement_sentence(indicators: list[IndicatorResult], subject: str = "") -> str:
    """在可监测的N项指标中，有M项达标，达标率X%；K项接近目标，J项未达标。另有…"""
    counts = status_counts(indicators)
    total = sum(counts.values())
    assessable = sum(counts[s] for s in ASSESSABLE)
    rest = [
        f"{counts[s.code]}项{s.label}" for s in (statuses.NOT_ASSESSABLE, statuses.NO_DATA) if counts[s.code]
    ]
    if not assessable:
        return f"{subject}{total}项指标中暂无可监测的指标" + (f"（{'、'.join(rest)}）" if rest else "") + "。"
    text = (
        f"{subject}在可监测的{assessable}项指标中，有{counts[MET]}项达标，达标率{number(met_share(counts), 1)}%"
        f"；{counts[NEAR]}项接近目标，{counts[NOT_MET]}项未达标"
    )
    return text + ("。另有" + "、".join(rest) + "。" if rest else "。")


def improvement_score(ind: IndicatorResult) -> float | None:
    """Change on the previous year in the good direction, comparable across units (relative %)."""
    sign = {"higher_is_better": 1, "lower_is_better": -1}.get(ind.direction, 0)
    if not sign or ind.change is None or ind.value is None:
        return None
    if ind.change_pct is not None:
        return sign * ind.change_pct
    return None


def movers(
    indicators: list[IndicatorResult], n: int = 5
) -> tuple[list[IndicatorResult], list[IndicatorResult]]:
    """The indicators that improved most and the ones that moved the wrong way most (on the previous year)."""
    scored = [(s, i) for i in indicators if i.counts and (s := improvement_score(i)) is not None]
    better = [i for s, i in sorted(scored, key=lambda p: -p[0]) if s > 0.05][:n]
    worse = [i for s, i in sorted(scored, key=lambda p: p[0]) if s < -0.05][:n]
    return better, worse


def mover_phrase(ind: IndicatorResult, year: int) -> str:
    return f"{ind.name}{value_text(ind.value, ind.unit)}（{change_on_previous(ind, year)}）"


def opening_paragraph(data: AnnualReportData) -> str:
    """为全面反映《…》实施进展情况，…从健康、教育…等N个领域对YYYY年的实施进展情况进行了综合分析。"""
    areas = "、".join(data.areas)
    counts = status_counts(data.indicators)
    return (
        f"为全面反映《{data.plan_title}》实施进展情况，根据规划统计监测指标体系和相关部门数据资料，"
        f"从{areas}等{count_text(len(data.areas))}个领域对{data.year}年的实施进展情况进行了综合分析。"
        f"本报告共监测指标{sum(counts.values())}项。"
    )


def attribute_sentence(indicators: list[IndicatorResult]) -> str:
    """约束性指标N项，达标M项；预期性指标…"""
    parts = []
    for attr, label in (("binding", "约束性"), ("expected", "预期性")):
        group = [i for i in indicators if i.attribute == attr and i.counts]
        if not group:
            continue
        c = status_counts(group)
        share = met_share(c)
        text = f"{label}指标{len(group)}项，达标{c[MET]}项"
        if share is not None:
            text += f"（达标率{number(share, 1)}%）"
        if c[NOT_MET]:
            text += f"，未达标{c[NOT_MET]}项"
        parts.append(text)
    return "；".join(parts) + "。" if parts else ""
