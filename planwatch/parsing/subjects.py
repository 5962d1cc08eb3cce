"""Subjects of goal sentences: which name a measured quantity, and how a list of them is split.

"孕产妇艾滋病、梅毒和乙肝检测率" → 孕产妇艾滋病检测率, 孕产妇梅毒检测率, 孕产妇乙肝检测率: the shared tail ("检测率")
and the population prefix ("孕产妇") are distributed; a single service joined by 和 stays one
("0—6岁儿童眼保健和视力检查覆盖率").
"""

from __future__ import annotations

import re

from .vocab import (
    NO_SPLIT,
    OWN_POPULATION_RE,
    PERSON_CONDITION_RE,
    POPULATION_RE,
    SHARED_TAILS,
    is_quantity,
)

OPEN_BRACKETS, CLOSE_BRACKETS = frozenset("(（[【“‘《"), frozenset(")）]】”’》")

# 差距 counts when it is the gap of a measured quantity (收入差距, 家务劳动时间差距), not 城乡/区域差距.
_MEASURED_GAP_RE = re.compile(r"(?:收入|时间|率|水平|年限|寿命)差距$")
_SPLIT_ELEMENT_RE = re.compile(r"(?:癌|病|症|障碍|毒|肝|保险|机构|超重|肥胖)$")
# Groups a quantity is printed for side by side ("城市和农村…", "男童和女童…")
_PEER_GROUP_RE = re.compile(r"城市|农村|城镇|乡村|城区|男性|女性|男童|女童|小学|初中|高中")
# A disease heading a complete part ("梅毒孕产妇感染者治疗率"): its peers share everything after it
_LEADING_ELEMENT_RE = re.compile(r"^(?:艾滋病|梅毒|乙肝|丙肝|结核病|宫颈癌|乳腺癌)")
# "处级和处级正职…", "县级和县级以上…": qualifiers that narrow or widen a rank/level printed just before
_NARROWED_PEER_RE = re.compile(r"^(?:正职|副职|及以上|及以下|以上|以下)(?=.)")
_GROUP_NOUN_RE = re.compile(r"部门|领导班子|机关|单位")
_GROUP_SHARE_RE = re.compile(r"中(?:的)?[^中]{0,12}(?:比例|占比|比重|配备率)$")
# List separators; 及/与/和 only as conjunctions (not in 普及, 参与, 和谐)
_LIST_SEP_RE = re.compile(
    r"、|(?<![平温协缓调])和(?![谐睦])|及其|以及|(?<![普以涉危企顾])及(?![时格早])|(?<![参给赋])与"
)


def measured(name: str, *, has_number: bool) -> bool:
    """True when ``name`` names a measured quantity (``vocab.is_quantity``) or the gap of one.

    健康素养 / 科学素质 without 水平 are not counted: most expectation readers read "提高…健康素养" and
    "儿童科学素质全面提升" as qualitative goals, while "健康素养水平" is the surveyed statistic.
    """
    if name.endswith("差距"):
        return bool(_MEASURED_GAP_RE.search(name))
    return is_quantity(name, has_number=has_number)


# ── Subjects listing several quantities ────────────────────────────────────────────────────────────────
# One population although it holds 和/及: a condition with its list ("感染艾滋病和梅毒的孕产妇") and mothers with
# their children ("孕产妇及所生儿童")
_ONE_POPULATION_RE = re.compile(
    r"(?:感染|患有|患)[^的,，]{1,20}?的|[和及与](?:其)?所生(?:儿童|子女|婴儿|新生儿)"
)


def _split_top(text: str) -> list[str]:
    """Split at 、/和/及/与 outside brackets ("A、B和C" → [A, B, C]); "A及其B" → [A, AB]."""
    parts: list[str] = []
    depth, a, i = 0, 0, 0
    joined_with_own = False  # the previous separator was 及其: the next part is the previous one's own
    kept = [range(m.start(), m.end()) for m in _ONE_POPULATION_RE.finditer(text)]
    while i < len(text):
        c = text[i]
        if c in OPEN_BRACKETS:
            depth += 1
        elif c in CLOSE_BRACKETS:
            depth = max(0, depth - 1)
        elif depth == 0 and i > a and not any(i in r for r in kept):
            m = _LIST_SEP_RE.match(text, i)
            if m:
                part = text[a:i]
                parts.append(parts[-1] + part if joined_with_own and parts else part)
                joined_with_own = m.group() == "及其"
                a = i = i + len(m.group())
                continue
        i += 1
    last = text[a:]
    parts.append(parts[-1] + last if joined_with_own and parts else last)
    return [p for p in parts if p]


def split_subject(subject: str, *, has_number: bool) -> list[str]:
    """Names of the quantities a subject lists, shared tail and population prefix distributed.

    "孕产妇艾滋病、梅毒和乙肝检测率" → [孕产妇艾滋病检测率, 孕产妇梅毒检测率, 孕产妇乙肝检测率];
    "市人大代表、市政协委员中妇女比例" → [市人大代表中妇女比例, 市政协委员中妇女比例];
    "0—6岁儿童眼保健和视力检查覆盖率" stays one (a single service).
    """
    if any(w in subject for w in NO_SPLIT):
        return [subject]
    has_comma_list = "、" in re.sub(r"[(（][^)）]*[)）]", "", subject)
    share = _GROUP_SHARE_RE.search(subject)
    parts = _split_top(subject)
    if len(parts) < 2:
        return [subject]
    narrowed = _NARROWED_PEER_RE.match(parts[1][len(parts[0]) :]) if len(parts) == 2 else None
    if narrowed and parts[1].startswith(parts[0]) and measured(parts[1], has_number=has_number):
        # "处级和处级正职领导干部中的女性数量": the second names a narrower group of the first's kind
        return [parts[0] + parts[1][len(parts[0]) + narrowed.end() :], parts[1]]
    complete = [measured(p, has_number=has_number) for p in parts]
    # drop trailing non-quantities of a verb-object list ("参保率和待遇水平" → 参保率)
    while len(parts) > 1 and not complete[-1] and any(complete[:-1]):
        parts.pop()
        complete.pop()
    if not has_comma_list and not share and "及其" not in subject:
        # "A和B": split only when both sides are quantities or the left is a disease/insurance/institution
        # ("宫颈癌和乳腺癌的早诊早治率", "失业保险和工伤保险的参保率"), else keep ("孤儿和事实无人抚养儿童…")
        left = POPULATION_RE.sub("", parts[0]) or parts[0]
        if not (all(complete) or (_SPLIT_ELEMENT_RE.search(left) and complete[-1])):
            return [subject if len(parts) == len(_split_top(subject)) else "".join(_rejoin(subject, parts))]
    if not complete[-1]:
        return [subject]
    names: list[str] = []
    for i, p in enumerate(parts):
        if complete[i]:
            names.append(p)
            continue
        nxt = next(parts[j] for j in range(i + 1, len(parts)) if complete[j])
        body = _GROUP_NOUN_RE.search(nxt)
        if share and body and p[0] == nxt[0] and body.start() > 1:
            # "县委、县政府部门领导班子中的女干部比例": same scope (县), the peer is "县政府" → 县委部门领导班子…
            names.append(p + nxt[body.start() :])
            continue
        if share and len(p) <= 2 and len(nxt) > len(p) + 3 and not set(p) & set(nxt[: len(p)]):
            # "小学、初中在校生中女生所占比例": a two-character peer ("初中") heads the complete part
            names.append(p + nxt[len(p) :])
            continue
        peer = parts[i + 1]
        peer_end = peer.find(p[-1], 1, 4) if share and len(p) >= 3 and not complete[i + 1] else -1
        if peer_end > 0 and len(peer) > peer_end + 1:
            # "企业董事会、监事会成员和管理层中的女性比例": 董事会 shares what follows its peer 监事会 (成员)
            names.append(p + peer[peer_end + 1 :] + _tail(nxt, share_mode=True))
            continue
        peer_group = _PEER_GROUP_RE.fullmatch(p) and _PEER_GROUP_RE.match(nxt)
        if peer_group:
            # "城市和农村社区儿童之家覆盖率": 城市 is a peer of 农村 → 城市社区儿童之家覆盖率
            names.append(p + nxt[peer_group.end() :])
            continue
        element = _LEADING_ELEMENT_RE.match(nxt)
        if element and _SPLIT_ELEMENT_RE.search(p) and not share and len(nxt) > element.end() + 2:
            # "艾滋病、梅毒孕产妇感染者治疗率": the disease is the only difference → 艾滋病孕产妇感染者治疗率
            names.append(p + nxt[element.end() :])
            continue
        names.append(p.rstrip("的") + _tail(nxt, share_mode=bool(share)))
    # a tail taken from the next part: make the donor consistent too ("乳腺癌的早诊早治率" → 乳腺癌早诊早治率)
    names = [_drop_de(n) for n in names]
    group = re.match(r"^(.{2,20}?(?<!集)中的?)", names[0])  # not the 中 of "农村集中式供水…"
    if group and all(complete) and not any("中" in n for n in names[1:]):
        # "社会组织中的女性比例及女性负责人比例" → …, 社会组织中的女性负责人比例
        names = [names[0]] + [group.group(1) + n for n in names[1:]]
    prefix = POPULATION_RE.match(names[0])
    if prefix and not share and len(names[0]) > prefix.end():
        names = [names[0]] + [n if OWN_POPULATION_RE.match(n) else prefix.group() + n for n in names[1:]]
    return _shared_scope(_standing_committees(_shared_gap(names)))


# "县人大代表和常委会委员、县政协委员和常委中的女性比例": a standing committee belongs to the body before it
_BODY_RE = re.compile(r"^.*?(?:人大|政协|人民代表大会|政治协商会议)")
# "各级人大代表、政协委员…", "企业董事会、监事会…", "村（社区）党组织成员、党组织书记…": the scope of the first
# body is the scope of the bodies after it that print none of their own
_SCOPE_RE = re.compile(
    r"^(?:各级各类|各级|各地|各类|企业|村[（(]社区[）)]|[省市县区镇乡](?=人大|政协|党委|政府|纪委|委))"
)
_OWN_SCOPE_RE = re.compile(r"^(?:各|全|本|企业|国有|村|社区|城|农|[省市县区镇乡街])")


def _standing_committees(names: list[str]) -> list[str]:
    out = names[:1]
    for n in names[1:]:
        body = _BODY_RE.match(out[-1])
        out.append(body.group() + n if n.startswith(("常委", "常务委员会")) and body else n)
    return out


# "农村集中式供水受益人口比例、安全饮水普及率" → 农村安全饮水普及率: the area of the first quantity
_AREA_SCOPE_RE = re.compile(r"^(?:农村|城镇|城市|城乡)(?:适龄)?(?:妇女|女性|儿童|孕产妇)?")


def _shared_scope(names: list[str]) -> list[str]:
    scope = _SCOPE_RE.match(names[0]) if _GROUP_SHARE_RE.search(names[-1]) else _AREA_SCOPE_RE.match(names[0])
    if not scope or len(names) < 2:
        return names
    return [names[0]] + [
        n if n.startswith(scope.group()) or _OWN_SCOPE_RE.match(n) else scope.group() + n for n in names[1:]
    ]


def _shared_gap(names: list[str]) -> list[str]:
    """ "男女非农就业率、男女收入差距缩小": both are gaps between the sexes."""
    if len(names) < 2 or not names[-1].endswith("差距"):
        return names
    return [n if n.endswith("差距") or not re.match(r"男女|两性|城乡", n) else n + "差距" for n in names]


def _rejoin(subject: str, parts: list[str]) -> list[str]:
    """The subject up to the end of its last kept part (trailing non-quantities dropped)."""
    end = subject.find(parts[-1]) + len(parts[-1])
    return [subject[:end]]


def _tail(part: str, *, share_mode: bool) -> str:
    """The shared measure of a complete part: "乙肝检测率" → "检测率", "市政协委员中妇女比例" → "中妇女比例"."""
    if share_mode:
        m = _GROUP_SHARE_RE.search(part)
        if m:
            return part[m.start() :]
    for t in SHARED_TAILS:
        if part.endswith(t) and len(part) > len(t):
            return t
    return part[-3:] if part.endswith("率") else part[-2:]


def _drop_de(name: str) -> str:
    """ "乳腺癌的早诊早治率" → "乳腺癌早诊早治率" when 的 only links an element to a shared tail."""
    for t in SHARED_TAILS:
        if name.endswith("的" + t) and _SPLIT_ELEMENT_RE.search(name[: -len(t) - 1]):
            return name[: -len(t) - 1] + t
    return name


# ── Reading one clause ─────────────────────────────────────────────────────────────────────────────────
def is_bare(name: str) -> bool:
    """A measure without its subject: "死亡率", "覆盖率", "巩固率"."""
    if name in SHARED_TAILS or (len(name) <= 3 and name.endswith("率")):
        return True
    tail = next((t for t in SHARED_TAILS if name.endswith(t)), "")
    return bool(tail) and name[: -len(tail)] in _GENERIC_HEADS


_GENERIC_HEADS = frozenset({"保障", "服务", "总体", "整体", "综合", "建设"})


def tail_of(name: str) -> str:
    return next((t for t in SHARED_TAILS if name.endswith(t) and len(name) > len(t)), name[-3:])


def carry_population(names: list[str], previous: list[str]) -> list[str]:
    """Give condition rates printed without a population the population the previous clause's names share.

    "5岁以下儿童贫血患病率和生长迟缓率分别控制在…，低体重率和低出生体重发生率均控制在…" → 5岁以下儿童低体重率,
    低出生体重发生率 (a rate of births, not of a condition a child has, keeps its name). Nothing is carried when
    the names before do not share one population.
    """
    prefixes = {m.group() if (m := POPULATION_RE.match(n)) and len(n) > m.end() else "" for n in previous}
    if len(prefixes) != 1 or not (prefix := prefixes.pop()):
        return names
    return [prefix + n if PERSON_CONDITION_RE.match(n) else n for n in names]
