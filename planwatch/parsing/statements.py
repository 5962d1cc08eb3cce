"""Goal sentences → indicator statements; background sentences → baselines.

A goal item ("孕产妇艾滋病、梅毒和乙肝检测率达到98%以上，提高孕早期检测率。") is cut into sentences (。；) and
clauses (，), each clause read in one of three shapes:

- subject + predicate: "九年义务教育巩固率 | 提高到97%以上" — the subject must name a measured quantity
  (``vocab.is_quantity``); the predicate is read by ``targets``;
- verb + object: "提高 | 孕早期检测率", "降低 | 死亡率" — a direction said about a quantity;
- continuation: "…达到4.5个，以后保持稳定增长" / "…80%以上，2030年实现基本普及" — a further year's target for
  the quantities of the clause before.

Year phrases ("到2025年和2030年，") set the years of the clauses after them; "分别" hands out several values
to several subjects or years. Subjects listing several quantities ("A、B和C检测率") are split, the shared tail
("检测率") and population prefix ("孕产妇") distributed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from . import model
from .subjects import (
    CLOSE_BRACKETS,
    OPEN_BRACKETS,
    carry_population,
    is_bare,
    measured,
    split_subject,
    tail_of,
)
from .targets import (
    FULL_COVERAGE_RE,
    YEAR_RE,
    compact,
    distribute,
    find_values,
    parse_piece,
    parse_target,
)
from .vocab import PERSON_CONDITION_RE, POPULATION_RE, clean_name, infer_direction

# ── Cutting text ───────────────────────────────────────────────────────────────────────────────────────
_SENTENCE_END = frozenset("。;；!！?？")
HAS_NUMBER_RE = re.compile(r"\d|分之|全覆盖|百分|一半|半数|[一二两三四五六七八九十]+[个所名家座户]")
_CLAUSE_END = frozenset(",，")

# Where a predicate may begin: comparators, signs, numbers, direction adverbs and verbs.
PRED_START_RE = re.compile(
    r"分别|均|都|一般|力争|争取|要|应|"
    r"以(?:19|20)\d{2}年|在上一?年度?(?:的)?基础上|每年|年均|"
    r"(?:较|比|相比)(?:19|20)\d{2}年|(?:由|从)(?:(?:19|20)\d{2}年(?:底|末)?)?的?\d|"
    r"≥|≤|>|<|=|\d+(?:\.\d+)?(?![\d.]|岁|周岁|个月|月龄|[—\-~至到]\d)|[零〇一二两三四五六七八九十]+分之|"
    r"不低于|不少于|不高于|不超过|不多于|低于|高于|超过|优于|少于|多于|"
    r"达到|达|为|提高|提升|降低|降至|降到|下降|减少|减缓|减轻|增加|增长|增至|增强|上升|扩大|缩小|延长|"
    r"控制|保持|稳定|维持|巩固|逐年|逐步|稳步|持续|不断|明显|显著|进一步|有效|得到|趋于|实现|基本|全面|"
    r"普遍|全部|全覆盖|与.{1,30}?相适应|零发生|动态清零|实现清零"
)
# Fillers between a subject and its predicate that belong to neither.
_HEAD_FILLER_RE = re.compile(
    r"(?:以[^,，。]{1,20}?为单位|标准化建设|一般|力争|争取|要|应|均|都|分别|仍|总体上?|的)+$"
)
# "达到每千人口拥有…托位数达4.5个" / "保证小学生每天睡眠时间达到10小时": the verb is no part of the quantity
_LEAD_VERB_RE = re.compile(r"^(?:达到|确保|保证|使)(?=.{3})")
# "城市孕产妇住院分娩率达到99%，农村达到80%": the same quantity for another group of the population
_GROUPS = r"城市|农村|城镇|乡村|城区|农村地区|城市地区|男性|女性|男童|女童"
_GROUP_CLAUSE_RE = re.compile(
    rf"^(?:其中)?(?P<group>{_GROUPS})(?:地区)?(?=达到|达|为|不低于|不少于|提高|降至|降到|控制|下降|保持|要|应|力争)"
)
# "小学生每天睡眠时间达到10小时、初中生达到9小时": the same quantity for another population
_POPULATION_CLAUSE_RE = re.compile(
    rf"^(?P<group>{POPULATION_RE.pattern.removeprefix('^')})(?=达到|达|为|不低于|不少于|降至|降到|控制在|保持在|要|应)"
)
_POPULATION_TAIL_RE = re.compile(rf"^(?P<q>.{{2,40}}?)(?P<group>{POPULATION_RE.pattern.removeprefix('^')})$")
_GROUP_TAIL_RE = re.compile(rf"^(?P<q>.{{2,40}}?)(?P<group>{_GROUPS})$")
_GROUP_HEAD_RE = re.compile(rf"^(?:{_GROUPS}|城乡)")
_MILESTONE_SENTENCE_RE = re.compile(
    r"^(?:到|至|在)?(?:19|20)\d{2}年(?:底|末)?(?:前)?[,，]?(?:要|应|力争|争取)?\S"
)
# "孕产妇死亡率到2005年要降至…": a year phrase between the subject and its predicate
_YEAR_PHRASE_RE = re.compile(r"(?:到|至|在|截至|截止)?(?:19|20)\d{2}年(?:底|末)?(?:前|时)?")
_LEAD_CONNECTIVE_RE = re.compile(r"^(?:以后|此后|之后|今后|并且|并|且|同时|其后)")
_VERB_OBJECT_RE = re.compile(
    r"^(?:进一步|逐步|逐年|稳步|持续|不断|明显|显著|大力|切实|有效|全面|努力|积极|着力|加快)*"
    r"(?P<verb>巩固提高|巩固提升|提高|提升|降低|减少|扩大|增加|缩小|增强|延长|控制|减缓)"
)
# "保持合理比例" said of a group: the quantity is the group's share ("女党员保持合理比例" → 女党员比例).
_KEEP_SHARE_RE = re.compile(r"^(?:保持|保持在)(?:合理|适当|一定|适度)(?P<word>比例|数量|规模)")
# "实现残疾儿童康复服务全覆盖" → 残疾儿童康复服务覆盖率 = 100 %
_FULL_COVER_RE = re.compile(r"^(?:基本|全面|逐步)?实现(?P<x>.{2,30}?)(?:的)?全覆盖$")
# "推进妇女参加职工基本养老保险由制度全覆盖到法定人群全覆盖": coverage widened to a population → that
# population's coverage rate = 100 % (妇女参加职工基本养老保险法定人群覆盖率)
_WIDEN_COVER_RE = re.compile(
    r"^(?:推进|推动|实现|逐步|努力|力争)*(?P<x>[^,，]{2,30}?)(?:由|从)[^,，]{1,15}?(?:全)?覆盖"
    r"(?:扩大|扩展|延伸|拓展)?(?:到|至|向)(?P<y>[^,，]{1,15}?)的?(?P<pred>全覆盖)$"
)
# Verbs dropped when a subject is carried from a clause without a target ("各镇建立未成年人保护站,覆盖率达100%")
_CARRY_VERB_RE = re.compile(r"建立|建成|设立|配备|实现|开展|落实|推进|(?:得到|获得)?(?:有效)?保障$")
_CARRY_CUT_RE = re.compile(r"得到|获得|达到|不断|逐步|持续|明显|有效|进一步|更加|全面|普遍")


@dataclass
class _Clause:
    start: int  # compact offsets
    end: int
    text: str


@dataclass
class _Statement:
    """One quantity and the targets read for it (several years → main + milestones)."""

    name: str
    start: int  # compact offset of the quantity's clause
    targets: list[model.Target] = field(default_factory=list)
    source: str = ""  # the printed sentence


@dataclass
class _Text:
    """A goal item as printed plus its compact form (folded widths, no whitespace) and the offset map."""

    printed_text: str
    s: str
    index: list[int]

    @classmethod
    def of(cls, text: str) -> _Text:
        s, index = compact(text)
        return cls(text, s, index)

    def orig(self, pos: int) -> int:
        return self.index[min(pos, len(self.index) - 1)] if self.index else 0

    def printed(self, a: int, b: int) -> str:
        if a >= b or not self.index:
            return ""
        return self.printed_text[self.orig(a) : self.index[b - 1] + 1].strip()


# A bracket left open by a mirror ("根据…纲要(2021-2030江苏省…") must not swallow every separator after it:
# only a bracket closed within this many characters counts.
_BRACKET_REACH = 60


def _closes_soon(s: str, i: int, end: int) -> bool:
    return any(ch in CLOSE_BRACKETS for ch in s[i + 1 : min(end, i + 1 + _BRACKET_REACH)])


def _split(s: str, start: int, end: int, seps: frozenset[str]) -> list[_Clause]:
    """Cut s[start:end] at separator characters outside brackets."""
    out, depth, a = [], 0, start
    for i in range(start, end):
        c = s[i]
        if c in OPEN_BRACKETS and _closes_soon(s, i, end):
            depth += 1
        elif c in CLOSE_BRACKETS:
            depth = max(0, depth - 1)
        elif c in seps and depth == 0:
            if i > a:
                out.append(_Clause(a, i, s[a:i]))
            a = i + 1
    if end > a:
        out.append(_Clause(a, end, s[a:end]))
    return out


@dataclass
class _Reading:
    names: list[str]
    subject_start: int  # compact offset within the clause
    predicate: str  # compact predicate
    pred_start: int
    years_in_subject: list[int] = field(default_factory=list)
    pieces: list[str] | None = None  # one predicate per name (value-first shares)
    unit: str = ""  # unit the pattern implies when the printed one is not the indicator's (名 → 人)
    owner: bool = False  # the clause before names whose share this is ("…工作部门，应有一半以上的…")


# "孕产妇死亡率控制在9/10万以下、婴儿死亡率控制在5‰以下": a 、 right after a target may start a quantity of
# its own (not "分别控制在10%、3%以下", where the part after 、 has no subject)
_TARGET_END_RE = re.compile(
    r"(?:\d|%|‰|以上|以下|以内|左右|万|[个所名人户次岁年天]|小时|分钟|全覆盖|提高|降低|下降|增长)$"
)


def _clauses(s: str, start: int, end: int) -> list[_Clause]:
    """The clauses of s[start:end] (cut at ，), a clause also cut at a 、 after which a quantity has its own target."""
    out: list[_Clause] = []
    for clause in _split(s, start, end, _CLAUSE_END):
        if "、" not in clause.text or not find_values(clause.text):
            out.append(clause)
            continue
        a = clause.start
        for part in _split(s, clause.start, clause.end, frozenset("、"))[:-1]:
            right = s[part.end + 1 : clause.end]
            left = s[a : part.end]
            if not _TARGET_END_RE.search(left) or not (
                _has_own_target(left) or _POPULATION_CLAUSE_RE.match(left) or _GROUP_CLAUSE_RE.match(left)
            ):
                continue
            if (
                _has_own_target(right, subject=True)
                or _POPULATION_CLAUSE_RE.match(right)
                or _GROUP_CLAUSE_RE.match(right)
            ):
                out.append(_Clause(a, part.end, s[a : part.end]))
                a = part.end + 1
        out.append(_Clause(a, clause.end, s[a : clause.end]))
    return out


def _has_own_target(c: str, *, subject: bool = False) -> bool:
    """c reads as a target for a quantity (``subject``: a quantity printed before its own predicate)."""
    reading = _read_clause(c)
    if reading is None or (subject and reading.pred_start == 0):
        return False
    if not subject or find_values(reading.predicate):
        return True
    # "…保持在45%左右、农村劳动力转移就业中女性比例逐步提高": a direction said of a quantity of its own
    return (
        parse_target(reading.predicate, direction="higher_is_better", year=2000).target.kind != "qualitative"
    )


_CONJUNCTION_RE = re.compile(r"(?<![平温协缓调])和(?![谐睦])|(?<![普以涉危企顾])及(?![其时格早])")


def _read_clause(c: str) -> _Reading | None:
    """Subject + predicate, or verb + object; None when the clause sets no target for a quantity."""
    special = _read_counts(c)
    if special:
        return special
    for m in PRED_START_RE.finditer(c):
        p = m.start()
        if p == 0:
            continue
        head = c[:p]
        years = [int(y.group(1)) for y in YEAR_RE.finditer(head)]
        head_clean = _YEAR_PHRASE_RE.sub("", head)
        head_clean = _HEAD_FILLER_RE.sub("", head_clean)
        name = clean_name(_LEAD_VERB_RE.sub("", head_clean))
        # "每天睡眠时间小学生达到10小时" → 小学生每天睡眠时间, as "…分娩率城市达到99%" → 城市…
        tail = _GROUP_TAIL_RE.match(name) or _POPULATION_TAIL_RE.match(name)
        if tail and measured(tail.group("q"), has_number=False):
            name = tail.group("group") + tail.group(
                "q"
            )  # "孕产妇住院分娩率城市达到99%" → 城市孕产妇住院分娩率
        pred = c[p:]
        has_number = bool(find_values(pred))
        keep = _KEEP_SHARE_RE.match(pred)
        if keep and not measured(name, has_number=False):
            name = name + keep.group("word")
        if not name or name[-1] in "、和及与":
            continue
        names = split_subject(name, has_number=has_number)
        if len(names) == 1 and "分别" in pred:
            # "婴儿和5岁以下儿童死亡率分别控制在8‰和10‰以下": 分别 says the 和 lists quantities
            listed = split_subject(_CONJUNCTION_RE.sub("、", name), has_number=has_number)
            if len(listed) > 1 and len(listed) == len(distribute(pred)):
                names = listed
        if not all(measured(n, has_number=has_number) for n in names):
            continue
        return _Reading(names, 0, pred, p, years)
    widen = _WIDEN_COVER_RE.match(c)
    if widen:
        obj = clean_name(widen.group("x"))
        if obj and not measured(obj, has_number=False):
            return _Reading(
                [obj + widen.group("y") + "覆盖率"], widen.start("x"), "全覆盖", widen.start("pred")
            )
    cover = _FULL_COVER_RE.match(c)
    if cover:
        obj = clean_name(cover.group("x"))
        if obj and not measured(obj, has_number=False):
            return _Reading([obj + "覆盖率"], cover.start("x"), c[cover.end("x") :], cover.end("x"))
    vo = _VERB_OBJECT_RE.match(c)
    if vo:
        obj = clean_name(c[vo.end() :])
        if obj and not find_values(obj):
            names = split_subject(obj, has_number=False)
            if all(measured(n, has_number=False) for n in names):
                return _Reading(names, vo.end(), c[: vo.end()], 0)
    return None


# "市党委、人大、政府、政协领导班子至少各配备1名女干部" → one head count per body (≥ 1 人)
_STAFF_RE = re.compile(
    r"^(?P<subj>.{2,60}?)(?P<zhong>中)?(?:至少|最少|均|都)(?:各|要)*(?:配备|配齐|有)(?P<n>\d+|[一两二三四五])名(?P<who>[^,，。;；]{1,15})$"
)
# "95%的城市社区和85%的农村社区（村）建立家长学校…" / "中小学校100%配备专兼职心理健康工作者"
_SHARE_FIRST_RE = re.compile(
    r"(?P<v>\d+(?:\.\d+)?%|一半以上|半数以上|一半|半数)的(?P<group>[^,，、]+?)(?=和\d|$)"
)
# "市党委和政府工作部门，应有一半以上的领导班子配备女干部": the owner of the share is the clause before
_OWNER_LEAD_RE = re.compile(r"^(?:应有|要有|须有|有)")
_HALF = {"一半以上": "50%以上", "半数以上": "50%以上", "一半": "50%", "半数": "50%"}
_SHARE_VERB_RE = re.compile(r"(?P<verb>建立|建成|配备|设立|开设|开展|拥有|实现)(?P<obj>.+)$")
_SHARE_MIDDLE_RE = re.compile(
    r"^(?P<group>[^,，\d]{2,20}?)(?P<v>\d+(?:\.\d+)?%)(?P<verb>建立|建成|配备|设立|开设|开展|拥有)(?P<obj>.+)$"
)
# "建设1个示范性综合托育机构" → 示范性综合托育机构数量 ≥ 1 个; "新建11所小学、改建1所幼儿园" → one count each;
# "改造农村户厕3万户" (number after the object); "新建2－3所" (a range: at least the lower bound)
_BUILD_VERB = r"(?:扎实|加快|积极|大力|累计|共|力争|计划)*(?P<verb>建设|建成|新建|改建|扩建|迁建|打造|创建|改造|新增|培育|设立)"
_COUNTER = r"个|所|家|座|处|户|张|间|支|条|套|名"
_BUILD_PART_RE = re.compile(
    rf"^{_BUILD_VERB}(?:(?P<n>\d+(?:\.\d+)?)(?:[-~至](?P<n2>\d+))?(?P<wan>万)?(?P<u>{_COUNTER})(?P<obj>[^,，、\d]{{2,30}})"
    rf"|(?P<obj2>[^,，、\d]{{2,20}}?)(?P<m>\d+(?:\.\d+)?)(?P<wan2>万)?(?P<u2>{_COUNTER}))$"
)
_NAMED_BY_VERB = frozenset({"新建", "改建", "扩建", "迁建", "改造", "新增"})
# "教育、科技、文化和旅游、卫生健康、体育等" inside a subject: examples, not part of the quantity
_ENUMERATION_RE = re.compile(r"(?P<first>[^、,，]{2,})、(?P<rest>(?:[^、,，]{2,5}、)*[^、,，]{2,5})等")


def _drop_enumeration(text: str) -> str:
    """Drop the examples, keep what is printed before them: "增加公益性儿童教育、科技、文化等校外活动场所" →
    "增加公益性儿童校外活动场所" (the first example is as long as the longest of the others)."""

    def keep_head(m: re.Match) -> str:
        longest = max(len(x) for x in m.group("rest").split("、"))
        return m.group("first")[:-longest] if len(m.group("first")) > longest else ""

    return _ENUMERATION_RE.sub(keep_head, text)


# "儿童家长每年接受2次以上家庭教育指导服务、参加2次以上家庭教育实践活动" → two counts per year
_FREQ_VERB = r"(?P<verb>接受|参加|参与|开展|组织|举办|进行)"
_FREQ_COUNT = rf"{_FREQ_VERB}(?P<cmp>不少于|至少)?(?P<n>\d+(?:\.\d+)?)(?P<u>次|场|期|项)(?P<suf>及?以上)?(?P<obj>[^、]{{2,30}})"
_FREQ_FIRST_RE = re.compile(
    rf"^(?P<subj>[^、,，]{{0,20}}?)(?P<freq>每年|每学年|每学期|每季度|每月|每周){_FREQ_COUNT}$"
)
_FREQ_REST_RE = re.compile(rf"^{_FREQ_COUNT}$")


# "保证儿童每天接触户外自然光不少于1小时" / "保障儿童每天至少1小时中等及以上强度的运动": a duration without a
# quantity word → 儿童每天接触户外自然光时间 ≥ 1 小时
_PER = r"(?P<per>每天|每日|每周|每学期|每学年|每年)"
_DURATION = r"(?:不少于|不低于|至少|达到|累计)?\d+(?:\.\d+)?(?:个)?(?:小时|分钟)(?:及?以上)?"
_DURATION_AFTER_RE = re.compile(
    rf"^(?P<subj>[^,，、]{{0,20}}?){_PER}(?P<act>[^,，、\d]{{2,20}}?)(?P<pred>{_DURATION})$"
)
_DURATION_BEFORE_RE = re.compile(
    rf"^(?P<subj>[^,，、]{{0,20}}?){_PER}(?P<pred>{_DURATION})的?(?P<act>[^,，、\d]{{2,20}})$"
)
_DURATION_LEAD_RE = re.compile(r"^(?:保证|确保|保障|使|让|推动|引导)")


def _read_duration(c: str) -> _Reading | None:
    m = _DURATION_AFTER_RE.match(c) or _DURATION_BEFORE_RE.match(c)
    if not m or re.search("时间|时长", m.group("act")):
        return None  # "每天睡眠时间达到10小时": the quantity is printed, the ordinary reading takes it
    # without a subject ("…，每天接触户外自然光不少于1小时") the name starts with the period
    subj = clean_name(_DURATION_LEAD_RE.sub("", m.group("subj")))
    return _Reading([f"{subj}{m.group('per')}{m.group('act')}时间"], 0, m.group("pred"), m.start("pred"))


def _read_frequencies(c: str) -> _Reading | None:
    parts = _split(c, 0, len(c), frozenset("、"))
    first = _FREQ_FIRST_RE.match(parts[0].text) if parts else None
    if not first:
        return None
    matches = [first] + [_FREQ_REST_RE.match(p.text) for p in parts[1:]]
    if not all(matches):
        return None
    head = clean_name(first.group("subj")) + first.group("freq")
    names = [f"{head}{m.group('verb')}{m.group('obj').removeprefix('的')}次数" for m in matches]
    pieces = [f"{m.group('cmp') or ''}{m.group('n')}{m.group('u')}{m.group('suf') or ''}" for m in matches]
    return _Reading(names, 0, c[first.start("verb") :], first.start("verb"), pieces=pieces)


# "每年培训妇女5000人次以上", "累计培训家政服务人员1万人次": people reached → 每年培训妇女人次 ≥ 5000 人次
_REACHED_RE = re.compile(
    r"^(?P<subj>(?:每年|每学年|累计|共|力争)*)(?P<verb>培训|救助|帮扶|资助|筛查|服务|惠及|覆盖)(?P<obj>[^,，、\d]{2,20}?)"
    r"(?P<pred>\d+(?:\.\d+)?(?:万人次|万人|人次|名|人)(?:及?以上)?)$"
)


def _read_reached(c: str) -> _Reading | None:
    m = _REACHED_RE.match(c)
    if not m:
        return None
    per = re.sub("累计|共|力争", "", m.group("subj"))
    word = "人次" if "人次" in m.group("pred") else "人数"
    return _Reading([f"{per}{m.group('verb')}{m.group('obj')}{word}"], 0, m.group("pred"), m.start("pred"))


def _read_counts(c: str) -> _Reading | None:
    """Clauses that state a count or a share without a quantity word (see the regexes above)."""
    freq = _read_frequencies(c) or _read_duration(c) or _read_reached(c)
    if freq:
        return freq
    m = _STAFF_RE.match(c)
    if m:
        subj = clean_name(_drop_enumeration(m.group("subj")))
        who = m.group("who")
        names = [f"{b}{m.group('zhong') or ''}{who}人数" for b in _bodies(subj)]
        n = m.group("n")
        return _Reading(names, 0, c[m.end("subj") :], m.end("subj"), unit="人" if n else "")
    m = _SHARE_MIDDLE_RE.match(c)
    if m:
        name = f"{clean_name(m.group('group'))}{m.group('verb')}{m.group('obj')}比例"
        return _Reading([name], 0, m.group("v"), m.start("v"))
    if "%的" in c or "半" in c:
        verb = _SHARE_VERB_RE.search(c)
        groups = list(_SHARE_FIRST_RE.finditer(c[: verb.start()] if verb else ""))
        if verb and groups and (groups[0].start() == 0 or _OWNER_LEAD_RE.match(c[: groups[0].start()])):
            names = [f"{verb.group()}的{re.sub('(?:至少|均|都)$', '', g.group('group'))}比例" for g in groups]
            return _Reading(
                names,
                0,
                c[groups[0].start() : verb.start()],
                groups[0].start(),
                pieces=[_HALF.get(g.group("v"), g.group("v")) for g in groups],
                owner=groups[0].start() > 0,
            )
    return _read_builds(c)


# "每个乡镇（街道）至少建成1个未成年人保护工作站": a count per unit → 每个乡镇（街道）未成年人保护工作站数量 ≥ 1 个
_PER_UNIT_RE = re.compile(
    r"^(?P<per>每[个所家座][^,，、\d]{1,12}?)(?:至少|均|都|要|应|各)+(?=建|新建|改建|扩建|打造|创建|培育|设立)"
)


# "全区建成20个儿童友好社区": the plan's own territory before the verb
_OWN_SCOPE_LEAD_RE = re.compile(r"^(?:全|我|本)[省市区县镇州](?:范围内)?(?=\S{4})")


def _read_builds(c: str) -> _Reading | None:
    c = _OWN_SCOPE_LEAD_RE.sub("", c)
    per_unit = _PER_UNIT_RE.match(c)
    per = per_unit.group("per") if per_unit else ""
    parts = _split(c, per_unit.end() if per_unit else 0, len(c), frozenset("、"))
    matches = [_BUILD_PART_RE.match(p.text) for p in parts]
    if not parts or not all(matches):
        return None
    names, pieces = [], []
    for m in matches:
        obj = re.sub(r"规模$", "", m.group("obj") or m.group("obj2"))
        verb = m.group("verb")
        names.append(f"{per}{verb if verb in _NAMED_BY_VERB else ''}{obj}数量")
        n = float(m.group("n") or m.group("m")) * (10000 if m.group("wan") or m.group("wan2") else 1)
        pieces.append(f"不少于{n:g}{m.group('u') or m.group('u2')}")  # 3万户 → 30000户
    return _Reading(names, 0, c, 0, pieces=pieces)


# A goal about a phenomenon that evaluators can check without a rate being named: "女性青壮年文盲基本消除",
# "艾滋病、梅毒和乙肝母婴传播减少", "儿童超重、肥胖上升趋势得到有效控制", "女童辍学现象消除".
_PHENOMENON = r"母婴传播|上升趋势|趋势|现象|文盲|辍学|超重|肥胖|近视|溺水|家庭暴力|暴力|违法犯罪|犯罪|欺凌|性侵害|性侵|拐卖|早婚早育|早婚|伤害"
_PHENOMENON_RE = re.compile(
    rf"^(?P<subj>[^,，]{{1,30}}?(?P<word>{_PHENOMENON}))(?:的?发生)?"
    r"(?P<pred>(?:基本|逐步|明显|显著|有效|进一步|持续|全面|得到|切实)*"
    r"(?:消除|减少|降低|下降|遏制|控制|预防和控制|减缓|杜绝|扭转)(?:得到)?(?:有效)?(?:遏制|控制)?)$"
)
_PHENOMENON_END_RE = re.compile(rf"(?:{_PHENOMENON})$")
_POPULATION_HEAD_RE = re.compile(r"^(?:儿童|女童|男童|妇女|女性|孕产妇|青少年|未成年人|学生|中小学生)")


def is_phenomenon(name: str) -> bool:
    """A phenomenon goal's subject (文盲, 母婴传播, 辍学现象 …): fewer is better."""
    return bool(_PHENOMENON_END_RE.search(name)) and not measured(name, has_number=False)


def _read_phenomenon(c: str) -> _Reading | None:
    m = _PHENOMENON_RE.match(c)
    if not m or measured(clean_name(m.group("subj")), has_number=False):
        return None
    subj = clean_name(m.group("subj"))
    if not subj or len(subj) < 2:
        return None
    parts = [x for x in re.split(r"、|和|及|与", subj) if x]
    word = m.group("word")
    head = _POPULATION_HEAD_RE.match(parts[0])
    names = []
    for part in parts:
        own = re.search(rf"(?:{_PHENOMENON})$", part) and not (
            word in ("上升趋势", "趋势", "现象") and not part.endswith(word)
        )
        name = part if own else part + word
        if head and not _POPULATION_HEAD_RE.match(name):
            name = head.group() + name  # "儿童超重、肥胖上升趋势" → 儿童肥胖上升趋势
        names.append(name)
    if any(len(n) < 3 for n in names):
        names = [subj]
    return _Reading(names, 0, m.group("pred"), m.start("pred"))


def _bodies(subj: str) -> list[str]:
    """ "市党委、人大、政府、政协领导班子" → 市党委领导班子, 市人大领导班子, …; "县党政领导班子" → 县党委…, 县政府…."""
    m = re.match(r"^(?P<scope>[市县区])(?P<list>.+?)(?P<tail>领导班子|班子)$", subj)
    if not m:
        return [subj]
    items = m.group("list")
    if items.endswith("党政"):
        parts = [items[:-2] + "党委", items[:-2] + "政府"]
    elif "、" in items and all(len(x) <= 3 for x in items.split("、")[1:]):
        parts = items.split("、")
    else:
        return [subj]
    scope = m.group("scope") or ""
    return [f"{scope}{x}{m.group('tail')}" for x in parts]


def _carry(bare: str, previous: list[str], plain: str) -> list[str]:
    """Give a bare measure the subject of the clause before it in the same sentence.

    "提高宫颈癌、乳腺癌早诊早治率，降低死亡率" → 宫颈癌死亡率, 乳腺癌死亡率;
    "毛入学率达到96%以上，巩固率不断提高" → …巩固率; "…权益得到有效保障，保障覆盖率达到100%" → 孤儿…保障覆盖率.
    """
    if previous:
        return [n[: -len(tail_of(n))] + bare for n in previous if len(n) > len(tail_of(n))] or [bare]
    if plain:
        head = _drop_enumeration(FULL_COVERAGE_RE.sub("", plain))
        m = next((m for m in _CARRY_CUT_RE.finditer(head) if m.start() > 0), None)
        if m:
            head = head[: m.start()]
        head = head.split("的", 1)[0]
        head = clean_name(_CARRY_VERB_RE.sub("", head))
        if 2 <= len(head) <= 30 and not measured(head, has_number=False):
            return [head + bare if not bare.startswith(head[-2:]) else head + bare[2:]]
    return [bare]


def _year_only(c: str) -> list[int] | None:
    """ "到2025年和2030年" / "2025年" as a clause of its own → [2025, 2030]."""
    rest = YEAR_RE.sub("", c)
    if re.fullmatch(r"(?:到|至|在|截至)?(?:和|及|、|与)*(?:底|末)?(?:前)?", rest) and YEAR_RE.search(c):
        return [int(m.group(1)) for m in YEAR_RE.finditer(c)]
    return None


# A level printed in a clause of its own after the quantity's direction
_LEVEL_AFTER_RE = re.compile(
    r"^(?:并|力争|争取|要)?(?:达到|提高到|提升到|增加到|降至|降到|下降到|控制在|保持在|稳定在)\S*?\d"
)


def _continuation(c: str) -> tuple[int | None, str] | None:
    """A clause without a subject that adds a target for the quantities before it."""
    m = YEAR_RE.match(re.sub(r"^(?:到|至|在)", "", c))
    if m:
        lead = len(c) - len(re.sub(r"^(?:到|至|在)", "", c))
        return int(m.group(1)), c[lead + m.end() :]
    lm = _LEAD_CONNECTIVE_RE.match(c)
    if lm:
        return None, c[lm.end() :]
    if _LEVEL_AFTER_RE.match(c):
        return None, c  # "提高城镇单位女性从业人员比例，达到40%以上"
    return None


def indicators_from_goal(
    text: str,
    *,
    line: int,
    area: str | None,
    plan_end_year: int,
    line_at: Callable[[int], int] | None = None,
    numbered_only: bool = False,
    phenomena: bool = False,
) -> list[model.Indicator]:
    """Indicators a goal item sets (origin "goal"); [] for purely qualitative goals.

    ``phenomena``: also read goals about a monitorable phenomenon without a rate ("女性青壮年文盲基本消除",
    "艾滋病、梅毒和乙肝母婴传播减少"), as main goals state them.
    ``numbered_only``: read only sentences that print a number or 全覆盖 (measures need one; skipping the
    others keeps reading every sentence of a plan cheap).

    ``text`` is one numbered goal item without its number; ``line_at`` maps a character offset of ``text`` to
    the original 1-based line (default: every indicator gets ``line``).
    """
    doc = _Text.of(text)
    statements: list[_Statement] = []
    last: list[_Statement] = []  # the statements of the sentence before
    for sentence in _split(doc.s, 0, len(doc.s), _SENTENCE_END):
        if numbered_only and not HAS_NUMBER_RE.search(sentence.text):
            last = []
            continue
        found = _read_sentence(doc, sentence, plan_end_year, phenomena)
        if not found and last and _MILESTONE_SENTENCE_RE.match(sentence.text):
            # "…到2005年要降至72/万;到2010年要降至70/万": a further year's target without its subject
            _add_continuation(doc, sentence, last, plan_end_year)
            continue
        statements.extend(found)
        last = found
    out = []
    for st in statements:
        st_line = line_at(doc.orig(st.start)) if line_at else line
        out.append(_to_indicator(st, text, area, st_line, plan_end_year))
    return out


def _read_sentence(
    doc: _Text, sentence: _Clause, plan_end_year: int, phenomena: bool = False
) -> list[_Statement]:
    """The statements of one sentence, clause by clause (year phrases, carried subjects, continuations)."""
    statements: list[_Statement] = []
    source = doc.printed(sentence.start, sentence.end)
    years_ctx: list[int] = []
    current: list[_Statement] = []  # statements of the last clause that had a quantity
    last_plain = ""  # the last clause without a target (a carried subject may come from it)
    pending: _Clause | None = None  # a clause that only names a quantity ("保健食品质量抽检合格率,药品…")
    verb_first = False  # the last reading was verb + object ("提高孕早期检测率")
    for clause in _clauses(doc.s, sentence.start, sentence.end):
        if pending is not None:
            # the separator "," becomes "、": same length, offsets stay valid
            clause = _Clause(pending.start, clause.end, pending.text + "、" + clause.text)
            pending = None
        c = clause.text
        yo = _year_only(c)
        if yo:
            years_ctx = yo
            continue
        lead = _LEAD_CONNECTIVE_RE.match(c)
        reading = _read_clause(c[lead.end() :]) if lead else _read_clause(c)
        if reading is None and phenomena and not lead:
            reading = _read_phenomenon(c)
        group = _GROUP_CLAUSE_RE.match(c) if reading is None and current else None
        population = _POPULATION_CLAUSE_RE.match(c) if reading is None and current and not group else None
        if population and all(POPULATION_RE.match(st.name) for st in current):
            group, head_re = population, POPULATION_RE
        else:
            head_re = _GROUP_HEAD_RE
        if group:
            g = group.group("group")
            pred = doc.printed(clause.start + group.end(), clause.end)
            current = [
                _Statement(
                    g + head_re.sub("", st.name),
                    clause.start,
                    _targets_for(
                        _Reading([st.name], 0, c[group.end() :], group.end()),
                        0,
                        st.name,
                        years_ctx,
                        pred,
                        plan_end_year,
                    ),
                    source,
                )  # fmt: skip
                for st in current
            ]
            statements.extend(current)
            continue
        if reading is None:
            last_plain = c
            named = measured(clean_name(c), has_number=False) and not PRED_START_RE.search(c)
            if named and current and verb_first:
                # "提高孕早期检测率，感染孕产妇及所生儿童随访率，…": one more object of the same verb
                current = [
                    _Statement(n, clause.start, [replace(t) for t in current[0].targets], source)
                    for n in split_subject(clean_name(c), has_number=False)
                ]
                statements.extend(current)
            elif named:
                pending = clause
            elif current:
                _add_continuation(doc, clause, current, plan_end_year)
            continue
        if lead:
            # "…配备1名女干部，并逐步提高任正职的女干部比例": the connective is no part of the clause
            reading.subject_start += lead.end()
            reading.pred_start += lead.end()
        verb_first = reading.pred_start == 0 and reading.subject_start > 0
        _complete_names(reading, current, last_plain)
        years = reading.years_in_subject or years_ctx
        pred_abs = clause.start + reading.pred_start
        pred_text = doc.printed(pred_abs, pred_abs + len(reading.predicate))
        current = [
            _Statement(
                name,
                clause.start + reading.subject_start,
                _targets_for(reading, k, name, years, pred_text, plan_end_year),
                source,
            )
            for k, name in enumerate(reading.names)
        ]
        statements.extend(current)
    return statements


_ACTS = ("接受", "参加", "参与", "享有", "获得")
_DAILY = ("每天", "每日", "每周")  # a duration without its subject ("…，每天接触户外自然光不少于1小时")
_POPULATION_WORD_RE = re.compile(
    r"中小学生|小学生|初中生|高中生|学生|儿童青少年|青少年|婴幼儿|儿童|孕产妇|妇女"
)
_POST_HOLDER_RE = re.compile(r"^(?:担任|任)正职的")


def _complete_names(reading: _Reading, current: list[_Statement], last_plain: str) -> None:
    """Names that need the clause before: bare measures, share owners, periods."""
    if current and any(PERSON_CONDITION_RE.match(n) for n in reading.names):
        # a condition rate belongs to a population, not to the measure before ("…贫血患病率，肥胖率…")
        reading.names = carry_population(reading.names, [st.name for st in current])
    elif len(reading.names) == 1 and is_bare(reading.names[0]):
        reading.names = _carry(reading.names[0], [st.name for st in current], last_plain)
    elif reading.owner and last_plain:
        owner = clean_name(re.sub(r"^按有关规定", "", last_plain))
        reading.names = [owner + n for n in reading.names]
    elif len(reading.names) == 1 and _POST_HOLDER_RE.match(reading.names[0]) and current:
        # "…领导班子中的女干部比例逐步提高，担任正职的女干部占…比例": the same 领导班子
        groups = [st.name[: st.name.index("中") + 1] for st in current if "领导班子中" in st.name]
        if groups:
            reading.names = [g + reading.names[0] for g in groups]
    elif (
        len(reading.names) == 1
        and len(current) == 1
        and (own := current[0].name.find("拥有")) > 0
        and len(reading.names[0]) <= 8
        and not reading.names[0].startswith(("每", current[0].name[:2]))
    ):
        # "每千名儿童拥有儿科执业（助理）医师数达到1.12名、床位数增至3.17张": 每千名儿童拥有 床位数
        reading.names = [current[0].name[: own + 2] + reading.names[0]]
    elif reading.names[0].startswith(_ACTS) and (
        pop := POPULATION_RE.match(current[0].name if current else clean_name(last_plain))
    ):
        # "女性接受终身教育水平不断提高，接受补贴性职业技能培训的比例不断提高": the same population acts
        reading.names = [pop.group() + n for n in reading.names]
    elif reading.names[0].startswith(_DAILY) and (pop := _POPULATION_WORD_RE.search(last_plain)):
        # "教育引导儿童科学用眼护眼，每天接触户外自然光不少于1小时": the population of the clause before
        reading.names = [pop.group() + n for n in reading.names]
    elif last_plain.endswith(("期间", "时期")) and not current:
        # "城市集中式饮用水水源地供水期间，水质达标率100%": the period belongs to the quantity
        reading.names = [clean_name(last_plain) + n for n in reading.names]


def _targets_for(
    reading: _Reading, k: int, name: str, years: list[int], pred_text: str, plan_end_year: int
) -> list[model.Target]:
    """The targets of the k-th name of a reading: its own value (分别), one per year, or the shared one."""
    direction = infer_direction(name)
    single_year = years[-1] if len(years) == 1 else plan_end_year
    pieces = distribute(reading.predicate) if re.search(r"分别|、|和", reading.predicate) else []
    if reading.pieces:
        targets = [parse_piece(reading.pieces[k], text=pred_text, direction=direction, year=single_year)]
    elif len(reading.names) > 1 and len(pieces) == len(reading.names):
        targets = [parse_piece(pieces[k], text=pred_text, direction=direction, year=single_year)]
    elif len(years) > 1 and len(pieces) == len(years):
        targets = [
            parse_piece(piece, text=pred_text, direction=direction, year=y)
            for y, piece in zip(years, pieces, strict=True)
        ]
    else:
        pt = parse_target(pred_text, direction=direction, year=single_year)
        targets = [pt.target, *pt.milestones]
    if reading.unit:
        for t in targets:
            t.unit = reading.unit
    return targets


def _add_continuation(doc: _Text, clause: _Clause, current: list[_Statement], plan_end_year: int) -> None:
    """ "…达到4.5个，以后保持稳定增长" / "…80%以上，2030年实现基本普及": another year's target."""
    cont = _continuation(clause.text)
    if not cont or not cont[1]:
        return
    year, body = cont
    pstart = clause.end - len(body)
    for st in current:
        same = [t for t in st.targets if t.year == (year or plan_end_year)]
        if same and (any(t.value is not None for t in same) or not find_values(body)):
            continue  # "…1名女干部，并逐步提高": the same year's target stays as printed
        pt = parse_target(
            doc.printed(pstart, clause.end) or body,
            direction=infer_direction(st.name),
            year=year or plan_end_year,
        )
        if same:  # "提高…比例，达到40%以上": the level replaces the direction said before it
            st.targets.remove(same[0])
        st.targets.append(pt.target)


def _to_indicator(
    st: _Statement, text: str, area: str | None, line: int, plan_end_year: int
) -> model.Indicator:
    """Main target = the plan's end year (else the latest year); the other years are milestones."""
    main = next((t for t in reversed(st.targets) if t.year == plan_end_year), None)
    if main is None:
        main = max(st.targets, key=lambda t: t.year or 0)
    milestones = [t for t in st.targets if t is not main]
    name = _as_printed(st.name, text)
    return model.Indicator(
        name=name,
        target=main,
        area=area,
        unit=main.unit or next((t.unit for t in milestones if t.unit), ""),
        attribute="",
        direction="lower_is_better"
        if is_phenomenon(name)
        else infer_direction(name, main.kind, main.comparator),
        milestones=milestones,
        line=line,
        seq=None,
        origin="goal",
        source_text=st.source,
    )


_PRINTED_PUNCT = {"(": "（", ")": "）", ":": "：", ",": "，", ";": "；"}


def _as_printed(name: str, text: str) -> str:
    """Names are built from folded text; give back the brackets the plan printed ("村（社区）")."""
    for half, full in _PRINTED_PUNCT.items():
        if half in name and full in text and half not in text:
            name = name.replace(half, full)
    return name


# ── Background facts ───────────────────────────────────────────────────────────────────────────────────
_BASE_VERB_IN_RE = re.compile(r"达到了?|达|为|是|控制在|保持在|稳定在|提高到|上升到|下降到|降至|分别")
# "比2010年提高17.5个百分点" / "与2015年相比": the year compared with, never the year a value is for
_COMPARE_YEAR_RE = re.compile(
    r"(?:较|比|相比|相较于?|对比)(?:19|20)\d{2}年(?:底|末)?"
    r"|(?:与|同|和)(?:19|20)\d{2}年(?:底|末)?(?:相比|比较|对比)"
)


def baselines_from_text(
    text: str, *, line_at: Callable[[int], int] | None = None
) -> list[tuple[str, model.Baseline]]:
    """Facts of the background section: "2020年…孕产妇系统管理率达到92.55%" → [("孕产妇系统管理率", Baseline)].

    The year is the latest year printed before the fact in ``text`` that a value is stated for: the year of a
    comparison ("比2010年提高…", "与2015年相比") is not, and a number after one is a change, not a level.
    Facts before any year are skipped.
    """
    s, index = compact(text)
    out: list[tuple[str, model.Baseline]] = []

    def orig(pos: int) -> int:
        return index[min(pos, len(index) - 1)] if index else 0

    year: int | None = None
    for sentence in _split(s, 0, len(s), _SENTENCE_END):
        src = text[orig(sentence.start) : index[sentence.end - 1] + 1].strip() if index else ""
        for clause in _split(s, sentence.start, sentence.end, _CLAUSE_END):
            c = clause.text
            ym = [m for m in YEAR_RE.finditer(_COMPARE_YEAR_RE.sub("", c))]
            if ym:
                year = int(ym[-1].group(1))
            if year is None:
                continue
            values = find_values(c)
            if not values:
                continue
            head = c[: values[0].start]
            if _COMPARE_YEAR_RE.search(head):
                continue  # "…较2015年下降了3.2/10万": the difference, not the level
            verb = _BASE_VERB_IN_RE.search(head)
            # "…中女性占比57.7%": a quantity word right before the number needs no verb
            subject = YEAR_RE.sub("", head[: verb.start() if verb else len(head)])
            name = clean_name(_HEAD_FILLER_RE.sub("", subject))
            if not name or not measured(name, has_number=True):
                continue
            names = split_subject(name, has_number=True)
            shared = len(values) == 1 and re.search(
                r"[均都](?:已|将)?$", head[: verb.start() if verb else len(head)]
            )
            if len(names) > 1 and len(values) != len(names) and not shared:
                # "…、…均达到100%" gives all the listed quantities one value; else only the first is sure
                names = names[:1] if len(values) == 1 else names
            for k, n in enumerate(names):
                # "分别为51.7%和51.2%": one value per name; a shared value otherwise
                vm = values[k] if k < len(values) else values[0]
                line = line_at(orig(clause.start)) if line_at else None
                out.append((n, model.Baseline(year, vm.value, src, line)))
    return out
