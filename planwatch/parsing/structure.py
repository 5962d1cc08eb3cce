"""A plan document's structure: which plans it holds, their sections, areas, goals, strategies and 专栏.

One file may hold a women's and a children's plan; each starts at its title ("XX妇女发展规划（2021—2030年）",
"XX儿童发展“十四五”规划"). Inside a plan the section hierarchy is 一、 / （一） / 1． / ——.

Two layouts of 领域 (areas) occur:
- per-area sections: "（一）妇女与健康" followed by "主要目标：" items and "策略措施：" items;
- one 主要目标 section for the whole plan plus a 专栏 indicator table whose 类别 column names the areas,
  or (类别 empty) areas taken from the subsections of 重点任务; the goal items and task subsections then
  follow the areas one to one, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import model
from .para import Para, concat
from .tables import Table, find_tables

CN_DIGITS = "一二三四五六七八九十"
# 一、 / 第一章 (also 第一部分, 第一篇) and （一） / 第一节: the two heading levels plans use
L1 = re.compile(rf"^(?:([{CN_DIGITS}]{{1,3}})、|第([{CN_DIGITS}]{{1,3}})(?:章|部分|篇)\s*)\s*(?P<title>.*)$")
L2 = re.compile(rf"^(?:[(（]([{CN_DIGITS}]{{1,3}})[)）]|第([{CN_DIGITS}]{{1,3}})节\s*)\s*(?P<title>.*)$")
GOALS_MARK = re.compile(r"^(?:\d{1,2}\s*[.．、]\s*)?主要目标\s*[:：。.]?$")
STRATEGY_MARK = re.compile(r"^(?:\d{1,2}\s*[.．、]\s*)?(?:策略措施|主要措施|重点任务)\s*[:：。.]?$")
BOX = re.compile(r"^专栏\s*[0-9一二三四五六七八九十]+")
DASH_ITEM = re.compile(r"^(?:——|--|－－|—)\s*(?=\S)")
_DASH_MARK = re.compile(r"(?:——|--|－－)\s*")  # a "——" / "--" bullet, also inside a flattened paragraph
_NUMBERED = re.compile(r"^\d{1,2}\s*[.．、]")
_ITEM_NUMBER = re.compile(r"(\d{1,2})\s*[.．、]")
_ITEM_PAREN = re.compile(r"[(（](\d{1,2})[)）]")  # the other numbering plans use: （1） （2）
_ITEM_CIRCLED = re.compile(r"([①-⑳])\s*")  # ① ② … ⑳
_INLINE_MARK = re.compile(r"^(?:主要目标|策略措施|主要措施)\s*[:：]\s*(?=\S)")
_SENTENCE_END = set("。；;！？!?")
TASK_SECTION = re.compile(r"重点任务|主要任务|发展领域|策略措施|任务措施")
BACKGROUND = re.compile(r"基础|现状|回顾|成就|背景|形势|前言|执行情况|实施情况|实施成效")

TITLE = re.compile(
    r"^(?P<name>[\u4e00-\u9fa5]{0,20}?(?:[“\"]?(?P<fyp0>十[一二三四五]?五)[”\"]?(?:时期)?)?(?P<pop>妇女|儿童)发展"
    r"[“\"]?(?P<fyp>十[一二三四五]?五)?[”\"]?(?:规划|纲要))"
    # the period; mirrors drop the dash or the closing bracket ("江北区妇女发展规划(20212030")
    r"\s*(?:[(（]\s*(?P<y1>(?:19|20)\d{2})\s*年?\s*[-—–~至]*\s*(?P<y2>(?:19|20)\d{2})\s*年?\s*[)）]?)?$"
)
PERIOD = re.compile(r"^[(（]\s*(\d{4})\s*年?\s*[-—–~至]+\s*(\d{4})\s*年?\s*[)）]$")
FIVE_YEAR = {"十五": (2001, 2005), "十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020),
             "十四五": (2021, 2025), "十五五": (2026, 2030)}  # fmt: skip
POPULATION = {"妇女": "women", "儿童": "children"}


@dataclass
class PlanSpan:
    title: str
    population: str
    period: tuple[int, int] | None
    paras: list[Para]
    line: int


@dataclass
class Section:
    """A （一） subsection (or the body of a 一、 section without subsections)."""

    title: str
    heading: Para | None
    paras: list[Para] = field(default_factory=list)


def _title_match(text: str) -> re.Match | None:
    if text.startswith(("关于", "印发", "《")):
        return None
    m = TITLE.match(text)
    # "云南省人民政府关于印发云南妇女发展规划" (a notice title cut by a line break) issues a plan, it is not one
    return None if m and re.search(r"关于|印发", m.group("name")) else m


def split_plans(paras: list[Para]) -> tuple[list[Para], list[PlanSpan]]:
    """Split the paragraphs into the notice before the first plan and one span per plan."""
    starts: list[tuple[int, re.Match]] = []
    for i, p in enumerate(paras):
        if len(p.text) <= 60 and (m := _title_match(p.text)):
            # the same title printed twice in a row (cover page + first page) starts one plan
            if starts and starts[-1][1].group("name") == m.group("name") and i - starts[-1][0] <= 3:
                continue
            starts.append((i, m))
    spans: list[PlanSpan] = []
    for k, (i, m) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(paras)
        body = paras[i + 1 : end]
        period: tuple[int, int] | None = None
        title = m.group("name")
        if m.group("y1"):
            period = (int(m.group("y1")), int(m.group("y2")))
        elif body and (pm := PERIOD.match(body[0].text)):
            period = (int(pm.group(1)), int(pm.group(2)))
            body = body[1:]
        elif m.group("fyp") or m.group("fyp0"):
            period = FIVE_YEAR[m.group("fyp") or m.group("fyp0")]
        if period:
            title = f"{title}（{period[0]}—{period[1]}年）"
        spans.append(PlanSpan(title, POPULATION[m.group("pop")], period, body, paras[i].line))
    notice = paras[: starts[0][0]] if starts else []
    return notice, spans


def split_items(paras: list[Para], *, dash: bool = False) -> tuple[list[tuple[int, Para]], list[Para]]:
    """Numbered items 1. 2. 3. … of a section body, found in sequence.

    Searching for the NEXT number only is what keeps "8.5岁以下儿童…" as item 8 about 5岁以下儿童 and lets
    items run together in one flattened paragraph ("…预期寿命延长。2.到2025年…"). Returns (seq, text) items
    and the paragraphs before item 1. With ``dash`` the items are "——" paragraphs instead.
    """
    if dash:
        return _numbered(paras, _DASH_MARK, lambda m, expected: expected)
    items, pre = _numbered(paras, _ITEM_NUMBER)
    if not items:
        items, pre = _numbered(paras, _ITEM_PAREN)
    if not items:
        items, pre = _numbered(paras, _ITEM_CIRCLED, lambda m, _: ord(m.group(1)) - 0x245F)
    return items, pre


def dash_count(paras: list[Para]) -> int:
    """ "——" / "--" bullets starting a paragraph or a sentence (a flattened list prints them mid-line)."""
    n = 0
    for p in paras:
        for m in _DASH_MARK.finditer(p.text):
            if m.start() == 0 or p.text[m.start() - 1] in _SENTENCE_END:
                n += 1
    return n


def _numbered(
    paras: list[Para], pattern: re.Pattern, seq_of=lambda m, _expected: int(m.group(1))
) -> tuple[list[tuple[int, Para]], list[Para]]:
    whole = concat(paras, "")
    offsets = []  # where each paragraph starts in ``whole``
    off = 0
    for p in paras:
        offsets.append(off)
        off += len(p.text)
    boundaries = set(offsets) | {0}
    text = whole.text
    starts: list[tuple[int, int, int]] = []  # (seq, start of number, start of text)
    expected = 1
    for m in pattern.finditer(text):
        if seq_of(m, expected) != expected:
            continue
        at = m.start()
        if at not in boundaries and (at == 0 or text[at - 1] not in _SENTENCE_END):
            continue
        if expected == 1 and at not in boundaries:
            continue  # item 1 starts a paragraph; a "1." inside a sentence is something else
        starts.append((expected, at, m.end()))
        expected += 1
    items = []
    for k, (seq, _at, begin) in enumerate(starts):
        end = starts[k + 1][1] if k + 1 < len(starts) else len(text)
        items.append((seq, whole.slice(begin, end)))
    first = starts[0][1] if starts else len(text)
    pre = [p for p, start in zip(paras, offsets, strict=True) if start < first]
    return items, pre


def _clean_title(text: str) -> str:
    return text.strip().rstrip("。.:：；;").strip()


def sections(paras: list[Para]) -> list[tuple[Para | None, str, list[Para]]]:
    """Level-1 sections: (heading para, title, body paras). Text before the first heading has heading None."""
    out: list[tuple[Para | None, str, list[Para]]] = [(None, "", [])]
    for p in paras:
        m = L1.match(p.text) if not p.in_table else None
        if m:
            out.append((p, _clean_title(m.group("title")), []))
        else:
            out[-1][2].append(p)
    return out


def subsections(paras: list[Para]) -> list[Section]:
    """（一） subsections of a body; paragraphs before the first one form a Section without heading."""
    out = [Section("", None)]
    for p in paras:
        m = L2.match(p.text) if not p.in_table else None
        if m:
            title = _clean_title(m.group("title"))
            # "（一）加强组织领导。落实……" holds its text after the title sentence
            rest = None
            if "。" in title:
                title = title.split("。", 1)[0]
                rest = p.slice(m.start("title") + len(title) + 1)
            out.append(Section(title, p))
            if rest is not None and rest.text:
                out[-1].paras.append(rest)  # the section's text printed on the heading's line
        else:
            out[-1].paras.append(p)
    return out


def _split_goals_strategies(paras: list[Para]) -> tuple[list[Para], list[Para]] | None:
    """Body of a per-area section → (主要目标 paras, 策略措施 paras), or None if it has no 主要目标 mark."""
    g = next((i for i, p in enumerate(paras) if GOALS_MARK.match(p.text)), None)
    if g is None:
        return None
    s = next((i for i in range(g + 1, len(paras)) if STRATEGY_MARK.match(paras[i].text)), len(paras))
    return paras[g + 1 : s], paras[s + 1 :]


def _without_boxes(paras: list[Para]) -> list[Para]:
    """Drop tables and 专栏 boxes (the box title and its project paragraphs up to the next numbered item)."""
    out: list[Para] = []
    in_box = False
    for p in paras:
        if p.in_table:
            continue
        if BOX.match(p.text):
            in_box = True
            continue
        if in_box and not (_NUMBERED.match(p.text) or DASH_ITEM.match(p.text)):
            continue
        in_box = False
        out.append(p)
    return out


def _item_list(paras: list[Para]) -> list[tuple[int, Para]]:
    """Items of a goal or strategy block: numbered (1． or （1）), else "——" paragraphs, else every paragraph
    (a block of unnumbered sentences is still a list of goals)."""
    body = _without_boxes(paras)
    dash = dash_count(body)
    numbered, _ = split_items(body)
    if dash > len(numbered):
        numbered, _ = split_items(body, dash=True)
    if not numbered:
        numbered = [(i, p) for i, p in enumerate(body, start=1) if not L2.match(p.text)]
    return numbered


def _items(paras: list[Para]) -> list[model.Item]:
    return [model.Item(seq, para.text, para.line) for seq, para in _item_list(paras)]


@dataclass
class PlanLayout:
    """What read_layout found in one plan; document.build_plan turns it into indicators."""

    areas: list[model.Area] = field(default_factory=list)
    goal_paras: list[tuple[str | None, Para]] = field(default_factory=list)  # (area, goal item text)
    area_texts: dict[str, str] = field(default_factory=dict)  # area → its text, for placing table rows
    tables: list[Table] = field(default_factory=list)
    projects: list[model.Project] = field(default_factory=list)
    background: list[Para] = field(default_factory=list)
    area_of_para: dict[int, str] = field(default_factory=dict)  # id(para) → area whose section holds it
    # every other sentence of the plan, labelled: (area, origin "strategy" | "project", item paragraph)
    measures: list[tuple[str | None, str, Para]] = field(default_factory=list)
    claimed: set[int] = field(default_factory=set)  # id(para) of paragraphs a section already read


# A section flattened into one line: headings and marks after a sentence end start a paragraph again
# ("…明显提高。策略措施：1．…", "…。（二）妇女与教育主要目标：1．…")
_FLAT_BREAK = re.compile(
    rf"(?<=[。；;！？!?])\s*(?=[（(][{CN_DIGITS}]{{1,3}}[）)]\S|[{CN_DIGITS}]{{1,3}}、[\u4e00-\u9fa5“])"
    r"|(?<=\S)\s*(?=(?:主要目标|策略措施|主要措施)\s*[:：])"
)


_FIRST_ITEM = re.compile(r"(?<=[\u4e00-\u9fa5])(?=1\s*[.．、](?!\d))")


def _split_flattened(p: Para) -> list[Para]:
    cuts = [m.start() for m in _FLAT_BREAK.finditer(p.text) if m.start() > 0]
    if (L1.match(p.text) or L2.match(p.text)) and (first := _FIRST_ITEM.search(p.text, 3)):
        # "（二）加快建设高质量儿童教育体系1.推进学前教育…": the heading and its first item
        cuts = sorted({*cuts, first.start()})
    if not cuts:
        return [p]
    bounds = [0, *cuts, len(p.text)]
    return [p.slice(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if p.text[a:b].strip()]


def _split_inline_marks(paras: list[Para]) -> list[Para]:
    """ "主要目标：1．孕产妇死亡率…" printed on one line → the mark and its first item as two paragraphs."""
    out: list[Para] = []
    for p in (q for para in paras for q in ([para] if para.in_table else _split_flattened(para))):
        m = None if p.in_table else _INLINE_MARK.match(p.text)
        if m:
            out.extend([p.slice(0, m.end()), p.slice(m.end())])
        else:
            out.append(p)
    return out


Block = tuple[Section, list[Para], list[Para]]  # an area's section, its 主要目标 and its 策略措施 paragraphs


def read_layout(paras: list[Para]) -> PlanLayout:
    layout = PlanLayout()
    paras = _split_inline_marks(paras)
    layout.tables = find_tables(paras)
    secs = sections(paras)
    # background: everything before the goals/guiding sections (前言, 一、发展基础 …)
    for heading, title, body in secs:
        if heading is not None and not BACKGROUND.search(title):
            break
        if heading is None and len(secs) == 1:
            break  # no sections at all (an excerpt, a news summary): its sentences are not a 前言
        layout.background.extend(body)
        if heading is not None and "。" in title:
            layout.background.append(
                heading
            )  # "一、…执行情况“十三五”期间，…。": the text run into its heading
    layout.claimed.update(id(p) for p in layout.background)
    layout.claimed.update(id(p) for p in paras if p.in_table)
    blocks = _area_blocks(secs)
    if blocks:
        _per_area_layout(layout, blocks)
    else:
        _plan_wide_layout(layout, secs)
    _read_projects(layout, secs)
    _read_rest(layout, secs)
    return layout


def _claim(layout: PlanLayout, paras: list[Para]) -> None:
    layout.claimed.update(id(p) for p in paras)


def _add_measures(layout: PlanLayout, area: str | None, paras: list[Para]) -> None:
    """Strategy / task items (措施): read like goals, kept apart as origin "strategy"."""
    _claim(layout, paras)
    layout.measures.extend((area, "strategy", p) for _, p in _item_list(paras))


def _read_rest(layout: PlanLayout, secs: list[tuple[Para | None, str, list[Para]]]) -> None:
    """Sentences no section claimed (指导思想, 总体目标 prose, 组织实施, 监测评估 …) are read too, as measures."""
    for heading, _title, body in secs:
        rest = [p for p in body if id(p) not in layout.claimed and not BOX.match(p.text)]
        if heading is not None and id(heading) not in layout.claimed:
            m = L1.match(heading.text)
            if m and "。" in m.group("title"):  # "一、…。具体内容" holds text after its title
                rest.insert(0, heading.slice(m.start("title")))
        if rest:
            _add_measures(layout, None, rest)


def _area_blocks(secs: list[tuple[Para | None, str, list[Para]]]) -> list[Block]:
    """Areas that carry their own 主要目标 and 策略措施, in any of the three printed forms."""
    blocks: list[Block] = []
    for heading, title, body in secs:
        subs = subsections(body)
        goal_sub = next((x for x in subs if x.title.startswith("主要目标")), None)
        strategy_sub = next((x for x in subs if STRATEGY_MARK.match(x.title)), None)
        if heading is not None and (gs := _split_goals_strategies(subs[0].paras)):
            blocks.append((Section(title, heading, body), *gs))  # "三、妇女与健康" / "主要目标：" / …
        elif heading is not None and goal_sub and strategy_sub:
            # "三、妇女与健康" / "（一）主要目标" / "（二）策略措施"
            blocks.append((Section(title, heading, body), goal_sub.paras, strategy_sub.paras))
        else:
            for sub in subs:  # "（一）妇女与健康" / "主要目标：" / … / "策略措施：" / …
                if sub.heading is not None and (gs := _split_goals_strategies(sub.paras)):
                    blocks.append((sub, *gs))
    return blocks


def _per_area_layout(layout: PlanLayout, blocks: list[Block]) -> None:
    for order, (sec, goal_paras, strategy_paras) in enumerate(blocks, start=1):
        goals = _item_list(goal_paras)
        items = [model.Item(seq, p.text, p.line) for seq, p in goals]
        layout.areas.append(model.Area(sec.title, order, items, _items(strategy_paras)))
        layout.goal_paras.extend((sec.title, p) for _, p in goals)
        layout.area_texts[sec.title] = "".join(p.text for p in sec.paras)
        layout.area_of_para.update((id(p), sec.title) for p in sec.paras)
        _claim(layout, goal_paras)
        _add_measures(layout, sec.title, strategy_paras)
        _claim(layout, sec.paras)  # marks and sub-headings of the area read nothing more


def _plan_wide_layout(layout: PlanLayout, secs: list[tuple[Para | None, str, list[Para]]]) -> None:
    """One 主要目标 section for the whole plan: areas from the table's 类别, else from 重点任务's subsections;
    goal items and task subsections belong to the areas one to one when their numbers agree."""
    goal_body: list[Para] = []
    task_subs: list[Section] = []
    for heading, title, body in secs:
        if heading is not None and title.startswith("主要目标"):
            goal_body = body
        for sub in subsections(body):
            if sub.heading is not None and sub.title.startswith("主要目标"):
                goal_body = sub.paras
                _claim(layout, [sub.heading])
        if heading is not None and TASK_SECTION.search(title):
            task_subs = [x for x in subsections(body) if x.heading is not None]
    if not goal_body:  # "主要目标：" printed as a mark without a numbered heading (an excerpt)
        for _heading, _title, body in secs:
            split = _split_goals_strategies(body)
            if split:
                goal_body = split[0]
                break
    _claim(layout, goal_body)
    names: list[str] = []
    for table in layout.tables:
        names.extend(row.category for row in table.rows if row.category and row.category not in names)
    names = names or [x.title for x in task_subs]
    layout.areas = [model.Area(name, order) for order, name in enumerate(names, start=1)]
    by_name = {a.name: a for a in layout.areas}

    goal_items = _item_list(goal_body)
    goal_areas: list[str | None] = list(names) if len(goal_items) == len(names) else [None] * len(goal_items)
    for area_name, (seq, para) in zip(goal_areas, goal_items, strict=True):
        layout.goal_paras.append((area_name, para))
        if area_name:
            by_name[area_name].goals.append(model.Item(seq, para.text, para.line))
            layout.area_texts[area_name] = para.text
    if not names and goal_items:
        # goals that belong to no area are still the plan's goals: keep them under one general area
        layout.areas.append(model.Area("总体目标", 1, [model.Item(q, p.text, p.line) for q, p in goal_items]))
    if len(task_subs) == len(names):
        for name, sub in zip(names, task_subs, strict=True):
            by_name[name].strategies = _items(sub.paras)
            layout.area_texts[name] = layout.area_texts.get(name, "") + "".join(p.text for p in sub.paras)
            layout.area_of_para.update((id(p), name) for p in sub.paras)
    areas_of_subs = names if len(task_subs) == len(names) else [None] * len(task_subs)
    for name, sub in zip(areas_of_subs, task_subs, strict=True):
        _claim(layout, [sub.heading])
        _add_measures(layout, name, sub.paras)


_PROJECT_TITLE = re.compile(r"^(.{2,40}?)[。:：]")
_PROJECT_WORD = re.compile(r"项目|工程|行动|计划")


def _read_projects(layout: PlanLayout, secs: list[tuple[Para | None, str, list[Para]]]) -> None:
    """专栏 boxes that are not indicator tables list key projects, one paragraph each."""
    for _, _, body in secs:
        i = 0
        while i < len(body):
            p = body[i]
            if not BOX.match(p.text) or (i + 1 < len(body) and body[i + 1].in_table):
                i += 1
                continue
            area = layout.area_of_para.get(id(p))
            j = i + 1
            seq = 0
            while j < len(body):
                q = body[j]
                if BOX.match(q.text) or L2.match(q.text) or L1.match(q.text) or q.in_table:
                    break
                if _NUMBERED.match(q.text) and not _PROJECT_WORD.search(q.text[:30]):
                    break  # the section's numbered measures resume after the box
                seq += 1
                m = _PROJECT_TITLE.match(q.text)
                title = m.group(1) if m else q.text[:30]
                layout.projects.append(model.Project(p.text, seq, title, q.text, area, q.line))
                layout.measures.append((area, "project", q))
                layout.claimed.add(id(q))
                j += 1
            layout.claimed.add(id(p))
            i = j
