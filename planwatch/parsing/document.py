"""The parser's single entry point: ``parse_document(data, filename) -> model.Document``."""

from __future__ import annotations

import re
from pathlib import PurePath

from rapidfuzz import fuzz

from . import baselines, model
from .errors import ParseError
from .ingest import read_lines
from .metadata import level_of, read_metadata, region_of, region_of_bare_name
from .normalize import normalize
from .para import Para
from .script import restore_printed, to_simplified
from .statements import HAS_NUMBER_RE
from .structure import PlanSpan, read_layout, split_plans
from .tables import table_indicators

_ANY_PERIOD = re.compile(r"(\d{4})\s*年?\s*[-—–~至]+\s*(\d{4})\s*年")
_PLAN_WORDS = re.compile(r"规划|纲要|计划|方案")
_GOAL_WORDS = re.compile(r"主要目标|总体目标|发展目标|主要指标")
AREA_MATCH = 60  # partial_ratio needed to place a table row without 类别 into an area by its text


def parse_document(data: bytes, filename: str = "") -> model.Document:
    """Parse a plan document. Raises ParseError (Chinese message) when it cannot be read as a plan."""
    source = PurePath(filename).name if filename else None
    lines, restorer = to_simplified(read_lines(data, source or ""))
    paras = normalize(lines)
    if not paras:
        raise ParseError("文件中没有可读的文字", source=source or "")
    notice, spans = split_plans(paras)
    warnings: list[str] = []
    if not spans:
        spans = [_whole_document_plan(paras, source or "")]
        notice = paras[:30]
        warnings.append("未找到规划标题（如“XX妇女发展规划（2021—2030年）”），已把全文作为一个规划解析")
    meta = read_metadata("\n".join(p.text for p in (notice or paras[:30])))
    region = meta.region
    if region is None:  # no notice: the plan title may still name the region ("随县妇女发展规划")
        named = re.sub(
            r"(?:“?十[一二三四五]?五”?(?:时期)?)?(?:妇女|儿童)(?:发展|儿童).*$", "", spans[0].title
        )
        named = {"中国": "全国", "中華人民共和國": "全国"}.get(named, named)
        if named == "全国" or re.search(r"[省市区县旗州盟]$", named):
            region = region_of(named + "人民政府")
        else:  # a bare name ("昆明妇女发展规划"): the text tells the unit
            region = region_of_bare_name(named, "\n".join(p.text for p in paras))
    doc = model.Document(
        region=region,
        level=level_of(region, meta.issuer),
        issuer=meta.issuer,
        issued_date=meta.issued_date,
        doc_number=meta.doc_number,
        index_number=meta.index_number,
        source=source,
        warnings=warnings,
    )
    plans = [build_plan(span) for span in spans]
    for k, plan in enumerate(plans):
        # a plan title printed alone in the notice starts an empty "plan": keep only plans with content
        twins = [p for p in plans if p.population == plan.population and p is not plan]
        later_same = any(p.title == plan.title and p.population == plan.population for p in plans[k + 1 :])
        if (
            twins
            and not plan.areas
            and not plan.indicators
            and (later_same or any(p.areas or p.indicators for p in twins))
        ):  # a title printed above the notice ("中国妇女发展纲要(2021—2030年)" then 国发〔2021〕16号) is no plan
            continue
        doc.plans.append(plan)
    if restorer is not None:
        restore_printed(doc, restorer)
    return doc


def _whole_document_plan(paras: list[Para], source: str) -> PlanSpan:
    """A text without a plan title (an excerpt, a news summary of a plan): one plan, if it states targets or
    has a plan's structure; refused (saying which was looked for) when it has neither."""
    text = "".join(p.text for p in paras[:400])
    structured = bool(_PLAN_WORDS.search(text) and _GOAL_WORDS.search(text)) or bool(
        _STRUCTURE_WORDS.search(text)
    )
    if not structured and not _states_targets(paras):
        raise ParseError(
            "不是规划文本：既没有目标（如“孕产妇死亡率控制在10/10万以下”），"
            "也没有规划的结构（规划标题、主要目标、策略措施或指标表）",
            source=source,
        )
    population = population_of(text)
    # "市政府印发《示范市儿童发展规划（2021—2030年）》": the plan a notice issues, before plans it only mentions
    quoted = _ISSUED_TITLE.search(text) or _QUOTED_TITLE.search(text)
    period = (period_of(quoted.group(1)) if quoted else None) or period_of(text)
    title = (
        quoted.group(1)
        if quoted
        else next((p.text for p in paras if _PLAN_WORDS.search(p.text) and len(p.text) <= 60), paras[0].text)
    )
    # "泰州市“十四五”妇女发展规划男女平等和…" (the title run into the text), "陕西省妇女发展规划(-年)序言" (a mirror
    # dropped the years and joined the next heading): the title is what ends at 规划/纲要
    head = None if quoted else _TITLE_HEAD.match(title)
    title = head.group() if head else title[:60]
    return PlanSpan(title, population, period, paras, paras[0].line)


_TITLE_HEAD = re.compile(r"^[\u4e00-\u9fa5“”\"]{2,24}?(?:妇女|儿童)发展[“”\"十一二三四五]{0,8}?(?:规划|纲要)")
_QUOTED_TITLE = re.compile(
    r"《([^《》]{2,40}?(?:妇女|儿童)[^《》]{0,20}?(?:规划|纲要)(?:[(（][^《》]{4,14}[)）])?)》"
)
_ISSUED_TITLE = re.compile(
    r"印发《([^《》]{2,40}?(?:妇女|儿童)[^《》]{0,20}?(?:规划|纲要)(?:[(（][^《》]{4,14}[)）])?)》"
)
_STRUCTURE_WORDS = re.compile(
    r"主要目标|策略措施|重点任务|主要任务|专栏\s*\d|指标名称|(?:妇女|儿童)发展\S{0,8}(?:规划|纲要)"
)
_WOMEN_WORDS = re.compile(r"妇女|女性|孕产妇|女童|男女平等")
_CHILD_WORDS = re.compile(r"儿童|婴儿|未成年人|学生|幼儿|新生儿|母乳")
_FIVE_YEAR = {"十五": (2001, 2005), "十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020),
              "十四五": (2021, 2025), "十五五": (2026, 2030)}  # fmt: skip
_FIVE_YEAR_RE = re.compile(r"[“\"]?(十[一二三四五]?五)[”\"]?(?:时期)?(?:妇女|儿童|规划|发展)")


def population_of(text: str) -> str:
    """The plan's population from its words: 妇女/女性/孕产妇 … against 儿童/婴儿/学生 …."""
    return "women" if len(_WOMEN_WORDS.findall(text)) >= len(_CHILD_WORDS.findall(text)) else "children"


def period_of(text: str) -> tuple[int, int] | None:
    """ "（2021—2030年）", "1996—2000年", "“十二五”规划" → the plan period; None when the text names none."""
    m = _ANY_PERIOD.search(text)
    if m and int(m.group(1)) < int(m.group(2)):
        return int(m.group(1)), int(m.group(2))
    m = _FIVE_YEAR_RE.search(text)
    return _FIVE_YEAR[m.group(1)] if m else None


def _states_targets(paras: list[Para]) -> bool:
    from .statements import indicators_from_goal

    return any(
        indicators_from_goal(p.text, line=p.line, area=None, plan_end_year=2030, phenomena=True)
        for p in paras[:400]
        if HAS_NUMBER_RE.search(p.text) or len(p.text) < 200
    )


def _period_from_years(paras: list[Para]) -> tuple[int, int]:
    """No period printed: the latest target year the text names ("到2030年"), a ten-year plan up to it."""
    years = [int(y) for p in paras[:400] for y in re.findall(r"(?:到|至)((?:19|20)\d{2})年", p.text)]
    end = max(years) if years else 2030
    return (end - 9, end) if end % 5 == 0 else (2021, 2030)


def build_plan(span: PlanSpan) -> model.Plan:
    warnings: list[str] = []
    period = span.period
    if period is None:
        period = period_of("".join(p.text for p in span.paras[:20])) or _period_from_years(span.paras)
        warnings.append(f"标题中未写明规划期，按 {period[0]}—{period[1]} 年处理")
    end = period[1]
    layout = read_layout(span.paras)

    from .statements import indicators_from_goal

    indicators: list[model.Indicator] = []
    for area, para in layout.goal_paras:
        indicators.extend(
            indicators_from_goal(
                para.text, line=para.line, area=area, plan_end_year=end, line_at=para.line_at, phenomena=True
            )
        )
    _place_goals(indicators, layout.area_texts)
    if layout.goal_paras or layout.tables:
        indicators.extend(_measure_indicators(layout, period))
    else:  # no 主要目标 section and no table (an excerpt, a news summary): the targets stated are the goals
        indicators.extend(_prose_goals(layout, period))
    for table in layout.tables:
        rows = table_indicators(table, plan_end_year=end)
        _place_rows(rows, layout.area_texts)
        indicators.extend(rows)
    indicators.sort(key=lambda ind: ind.line or 0)
    baselines.attach(indicators, baselines.collect(layout.background))
    if not indicators:
        warnings.append("未识别出任何带目标的指标（主要目标和专栏指标表中均未找到），请人工核对")
    return model.Plan(
        title=span.title,
        population=span.population,
        period=period,
        areas=layout.areas,
        indicators=indicators,
        projects=layout.projects,
        warnings=warnings,
    )


# "为95.2%" / "是…" / "占…": a value reported, not a target (monitoring reports, 发展现状 outside 一、)
_REPORTED_RE = re.compile(r"^(?:已经?|已)?(?:为|是|占|达到了|达了|有)\s*[\d零〇一二两三四五六七八九十百千万]")
# "适龄儿童人数达到10人及以上的行政村举办…": a condition on whom a measure is for, not a target
_CONDITION_RE = re.compile(
    r"^(?:达到|超过|不少于|不足|低于)\s*[\d.]+\s*\D{0,2}?(?:及以上|以上|及以下|以下)?的"
)
_COMPARATOR_WORD_RE = re.compile(r"以上|以下|以内|左右|不低于|不高于|不少于|不超过|力争|争取|确保")


def _measure_indicators(layout, period: tuple[int, int]) -> list[model.Indicator]:
    """Targets stated in strategies, tasks, 专栏 projects and the other prose of a plan (措施目标).

    Only targets with a printed number are kept (a "提高…比例" in a measure is a way of working, not a checkable
    target); a reported value ("2022年…为95.2%") and a year before the plan are facts, not targets.
    """
    from .statements import indicators_from_goal

    out: list[model.Indicator] = []
    for area, origin, para in layout.measures:
        if not HAS_NUMBER_RE.search(para.text):
            continue
        for ind in indicators_from_goal(
            para.text, line=para.line, area=area, plan_end_year=period[1], line_at=para.line_at,
            numbered_only=True,
        ):  # fmt: skip
            if not is_target(ind, period):
                continue
            ind.origin = origin
            out.append(ind)
    return out


# A paragraph looking back ("10年来…主要目标基本实现", "党的十八大以来…", "“十三五”执行情况") reports what was
# achieved; in a text without sections its "明显提升" and "进一步延长" are facts, not targets, unless it also
# looks forward.
_RETROSPECT_RE = re.compile(
    r"(?:\d+|[一二三四五六七八九十]+)年来|以来[,，]|执行情况|实施情况|取得了?(?:长足|显著|明显|重大|重要|历史性)"
)
_FORWARD_RE = re.compile(r"到(?:19|20)\d{2}年|力争|争取|规划期|规划提出|目标是")


def _prose_goals(layout, period: tuple[int, int]) -> list[model.Indicator]:
    from .statements import indicators_from_goal

    out: list[model.Indicator] = []
    for area, origin, para in layout.measures:
        if _RETROSPECT_RE.search(para.text) and not _FORWARD_RE.search(para.text):
            continue
        for ind in indicators_from_goal(
            para.text, line=para.line, area=area, plan_end_year=period[1], line_at=para.line_at,
            phenomena=origin == "strategy",
        ):  # fmt: skip
            if _stated_fact(ind, period):
                continue
            ind.origin = "goal" if origin == "strategy" else origin
            out.append(ind)
    return out


def _stated_fact(ind: model.Indicator, period: tuple[int, int]) -> bool:
    """A value reported or a year before the plan: a fact, not a target."""
    if ind.target.year is not None and ind.target.year < period[0]:
        return True
    text = ind.target.text.strip()
    return bool(
        _CONDITION_RE.match(text) or (_REPORTED_RE.match(text) and not _COMPARATOR_WORD_RE.search(text))
    )


def is_target(ind: model.Indicator, period: tuple[int, int]) -> bool:
    """A statement read from prose sets a checkable target: a printed number, for a year of the plan."""
    targets = [ind.target, *ind.milestones]
    if not any(t.value is not None for t in targets):
        return False
    if ind.target.year is not None and ind.target.year < period[0]:
        return False
    text = ind.target.text.strip()
    if _CONDITION_RE.match(text):
        return False
    return not (_REPORTED_RE.match(text) and not _COMPARATOR_WORD_RE.search(text))


def _place_rows(rows: list[model.Indicator], area_texts: dict[str, str]) -> None:
    """Rows of a table without 类别: the area whose goal and task text mentions the indicator best.

    A sub-row (no 序号) stays with the row above it; a row no area text mentions well enough keeps the area
    of the row above, because tables list indicators grouped by area.
    """
    if not area_texts:
        return
    previous: str | None = None
    for row in rows:
        if row.area:
            previous = row.area
            continue
        if row.seq is None and previous:
            row.area = previous
            continue
        scores = {name: fuzz.partial_ratio(row.name, text) for name, text in area_texts.items()}
        best = max(scores, key=lambda n: scores[n])
        if scores[best] >= AREA_MATCH and (previous is None or scores[best] > scores.get(previous, 0)):
            row.area = best
        else:
            row.area = previous or best
        previous = row.area


def _place_goals(goals: list[model.Indicator], area_texts: dict[str, str]) -> None:
    """Goal sentences whose item could not be given an area (more goal items than areas): the area whose
    text mentions the quantity best, if any mentions it well enough."""
    for ind in goals:
        if ind.area or not area_texts:
            continue
        scores = {name: fuzz.partial_ratio(ind.name, text) for name, text in area_texts.items()}
        best = max(scores, key=lambda n: scores[n])
        if scores[best] >= AREA_MATCH:
            ind.area = best
