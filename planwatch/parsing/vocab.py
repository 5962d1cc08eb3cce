"""Words of the indicator language: what names a measured quantity, which way is better, what to strip.

All lists here are data; the rules that use them live in ``targets`` and ``statements``. Regexes are compiled
once at import.
"""

from __future__ import annotations

import re

from planwatch.domain.targets import NEUTRAL_KINDS

from .numerals import fold_width
from .units import trailing_unit

# ── Which way is better ────────────────────────────────────────────────────────────────────────────────
# Quantities where less is better (CONVENTIONS.md "direction"). Matched as substrings of the name.
LOWER_IS_BETTER = (
    "死亡率",
    "发生率",
    "患病率",
    "感染率",
    "传播率",
    "贫血率",
    "低体重",
    "肥胖",
    "超重",
    "近视率",
    "犯罪",
    "生长迟缓",
    "发病率",
    "缺陷率",
    "辍学率",
    "案件数",
    "案件发生",
    "发生数",
    "剖宫产率",
    "流产率",
    "龋患率",
    "阳性率",
    "自杀",
    "自伤",
    "伤害",
    "文盲率",
    "失业率",
    "差距",
    "发生人数",
    "死亡人数",
    "溺水",
    "暴力",
    "不良",
    "欺凌",
)
# Quantities that should be neither high nor low but balanced.
NEUTRAL = ("性别比", "男女比例", "厕位比", "男女比")


def infer_direction(name: str, kind: str | None = None, comparator: str | None = None) -> str:
    """Direction of an indicator: "higher_is_better" | "lower_is_better" | "neutral".

    性别比-like names, approx/ratio targets ("45左右", "2：3") and targets tied to another quantity without a
    side ("与女职工比例相适应": relative, comparator "~") are neutral; names in ``LOWER_IS_BETTER`` are
    lower-is-better; everything else is higher-is-better.
    """
    text = fold_width(name or "")
    if kind in NEUTRAL_KINDS or comparator == "~" or any(w in text for w in NEUTRAL):
        return "neutral"
    if any(w in text for w in LOWER_IS_BETTER):
        return "lower_is_better"
    return "higher_is_better"


# "全区中国共产党女党员比例" in a table: the plan's own territory is no part of the indicator's name
_OWN_TERRITORY_RE = re.compile(r"^(?:全|我|本)[省市区县镇州](?=.{2})")


def split_name_unit(cell: str) -> tuple[str, str]:
    """ "孕产妇死亡率（1/10万）" → ("孕产妇死亡率", "1/10万"); a cell without unit brackets → (cell, "");
    "全区中国共产党女党员比例" → "中国共产党女党员比例"."""
    text = _OWN_TERRITORY_RE.sub("", re.sub(r"\s+", "", cell or ""))
    return trailing_unit(text)


# ── What names a measured quantity ─────────────────────────────────────────────────────────────────────
# A subject ending in one of these names something that can be measured (CONVENTIONS "What counts").
# "水平" only counts when a number is said about it or it is a survey measure (素养水平); see subjects.measured.
QUANTITY_SUFFIXES = (
    "率",
    "比例",
    "比重",
    "占比",
    "比",
    "寿命",
    "年限",
    "人数",
    "人次",
    "数量",
    "数",
    "覆盖面",
    "水平",
    "时间",
    "时长",
    "天数",
)
QUANTITY_END_RE = re.compile("(?:" + "|".join(QUANTITY_SUFFIXES) + r")$")
# Words ending in a quantity suffix that are not quantities.
NOT_QUANTITY_RE = re.compile(
    r"(?:效率|频率|概率|税率|利率|汇率|少数|多数|无数|次数不限|对比|相比|类比|无比|好比|"
    r"服务水平|保障水平|救助水平|待遇水平|管理水平|治理水平|发展水平|健康水平|能力水平|质量水平|"
    r"生活水平|福利水平|教育水平|普及水平|参与水平|保健水平|技能水平|科学水平|文化水平|收入水平|"
    r"保障数|意识水平)$"
)
# "水平" names a measured quantity only in these compounds (unless a number is printed).
MEASURED_LEVEL_RE = re.compile(r"素养水平$")
# A head count named by its population ("农村改水受益人口3万户"): a quantity when a number is printed for it.
COUNTED_POPULATION_RE = re.compile(r"(?:受益|服务|覆盖|参保|救助|帮扶|培训)(?:人口|人群)$")


def is_quantity(name: str, *, has_number: bool = False) -> bool:
    """True when ``name`` names a measured quantity ("…率", "…比例", "平均预期寿命" …)."""
    name = name.strip()
    if has_number and COUNTED_POPULATION_RE.search(name):
        return True
    if len(name) < 2 or not QUANTITY_END_RE.search(name):
        return False
    if name.endswith("水平"):
        return bool(MEASURED_LEVEL_RE.search(name)) or (has_number and not NOT_QUANTITY_RE.search(name))
    return not NOT_QUANTITY_RE.search(name)


# Measure tails that several enumerated subjects share ("孕产妇艾滋病、梅毒和乙肝检测率" → "检测率").
# Longest first: "质量抽检合格率" must win over "合格率".
SHARED_TAILS = tuple(
    sorted(
        (
            "质量抽检合格率",
            "抽检合格率",
            "合格率",
            "检测率",
            "筛查率",
            "筛查覆盖率",
            "人群筛查率",
            "早诊早治率",
            "死亡率",
            "患病率",
            "发病率",
            "发生率",
            "感染率",
            "传播率",
            "接种率",
            "普及率",
            "覆盖率",
            "管理率",
            "健康管理率",
            "系统管理率",
            "治疗率",
            "参保率",
            "入学率",
            "毛入学率",
            "入园率",
            "巩固率",
            "达标率",
            "知晓率",
            "贫血率",
            "近视率",
            "生长迟缓率",
            "低体重率",
            "访视率",
            "诊断率",
            "干预率",
            "救治率",
            "阳性率",
            "参保人数",
            "健康素养水平",
            "健康素养",
            "科学素质",
            "素养水平",
            "覆盖面",
            "数量",
            "占比",
            "比例",
            "比重",
        ),
        key=len,
        reverse=True,
    )
)

# Population / age qualifiers at the start of a subject; shared by enumerated subjects
# ("5岁以下儿童贫血率、生长迟缓率" → both are 5岁以下儿童 …).
POPULATION_RE = re.compile(
    r"^(?:(?:\d+(?:\.\d+)?(?:[-—~～至到]\d+(?:\.\d+)?)?(?:岁|个月|月龄)(?:以下|以上|以内|内)?的?)?"
    r"(?:适龄)?(?:孕产妇|孕妇|产妇|妇女|女性|女童|儿童青少年|儿童|婴幼儿|婴儿|新生儿|中小学生|小学生|初中生|"
    r"高中生|学生|青少年|残疾儿童|老年妇女|女职工))"
)
# A subject that starts with its own population/age does not take another's.
OWN_POPULATION_RE = re.compile(
    r"^(?:\d|适龄|孕产妇|孕妇|产妇|妇女|女性|女童|儿童|婴|新生儿|中小学生|小学生|初中生|高中生|学生|青少年|残疾|老年|女职工)"
)

# Rates of a condition a person has (低体重率, 贫血患病率, 肥胖率): printed without a population they belong to
# the population of the clause before ("5岁以下儿童生长迟缓率…，低体重率…" → 5岁以下儿童低体重率).
PERSON_CONDITION_RE = re.compile(
    r"^(?:低体重|消瘦|生长迟缓|贫血|营养不良|肥胖|超重|近视|视力不良|龋齿|龋患|新发近视)(?:患病|发生|检出)?率$"
)

# Enumerations that are one indicator although they contain 和 (a single service or programme).
NO_SPLIT = ("眼保健和视力检查", "党委、政府", "党委和政府", "公办幼儿园和普惠性民办幼儿园")


# ── Cleaning names ─────────────────────────────────────────────────────────────────────────────────────
_SCOPE = r"(?:全国|全区|全市|全县|全镇|全州|全省|我国|我省|我区|我市|我县|我镇|本区|本市|本县|各区县)"
_LEADING = [
    r"[\s,，。；;、:：]+",
    r"(?:其中|此外|同时|并且|以及|另外)[,，]?",
    r"(?:到|至|截至|截止到|在)?(?:19|20)\d{2}年(?:底|末|前)?(?:和(?:19|20)\d{2}年(?:底|末)?)?[,，]?",
    r"(?:到|至)?(?:规划期末|十四五末|“十四五”末)[,，]?",
    rf"{_SCOPE}(?:范围内)?",
    r"(?:力争|争取|确保|努力|推动|推进|促进)",
    r"(?:进一步|逐步|逐年|稳步|持续|不断|明显|显著|有效|大力|切实|全面|积极)",
    r"(?:实现|提高|提升|降低|减少|增加|扩大|控制|保持|稳定|巩固|改善|优化|缩小|延长|增强|加强)",
]
_LEADING_RE = [re.compile(p) for p in _LEADING]
_TRAILING_RE = re.compile(r"(?:均|分别|一般|都|也|仍|总体上|整体)+$")


def clean_name(raw: str) -> str:
    """Strip leading time phrases, scope words and verbs from a subject; keep qualifiers.

    "到2030年，全区孕产妇死亡率" → "孕产妇死亡率"; "逐步提高乳腺癌筛查覆盖率" → "乳腺癌筛查覆盖率";
    "适龄妇女宫颈癌人群筛查率" stays as it is. Characters are returned as printed (full-width brackets stay).
    """
    original = re.sub(r"\s+", "", raw or "")
    text = fold_width(original)
    start, end = 0, len(text)
    changed = True
    while changed and start < end:
        changed = False
        for rx in _LEADING_RE:
            m = rx.match(text, start, end)
            # never strip down to a bare measure: "巩固率" is a rate, not 巩固 + 率
            if m and m.end() > start and end - m.end() >= 2:
                start, changed = m.end(), True
    m = _TRAILING_RE.search(text, start, end)
    if m and m.start() > start:
        end = m.start()
    while start < end and text[start] in _PUNCT:
        start += 1
    while end > start and text[end - 1] in _PUNCT:
        end -= 1
    return original[start:end]


_PUNCT = frozenset(",，。；;、:： ")
