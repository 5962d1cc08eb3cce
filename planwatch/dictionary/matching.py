"""Linking a plan indicator to a dictionary entry.

Order of evidence:
1. the normalised name is the entry's name or a synonym → confidence 1.0 (several entries with that name: the
   one of the plan's population);
2. the loose keys agree (level prefixes such as 各级/县/区级 and 的/之 ignored) → 0.95;
3. otherwise rapidfuzz similarity of the loose key with every name and synonym (the best of plain ratio and a
   length-penalised partial ratio), adjusted by evidence: unit family compatible +0.03 / incompatible −0.20,
   other population −0.15, same area +0.02.
A link at or above ``auto_accept`` (default 0.85) is accepted automatically; below it the best candidate is kept
as a suggestion that a person must confirm; below ``min_suggest`` (default 0.50) there is no suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from planwatch.domain.units import compatible

from .entries import Dictionary, Entry
from .normalize import loose_key, normalize_name

AUTO_ACCEPT = 0.85
MIN_SUGGEST = 0.50
CONTRAST_PENALTY = 0.15
LACKING_PENALTY = 0.04

# Words that tell otherwise similar names apart: a candidate naming one word of a group while the plan's
# name says another word of the same group ("高中生近视率" vs "初中生近视率") is penalised.
CONTRASTS: tuple[tuple[str, ...], ...] = (
    ("小学", "初中", "高中", "高等", "学前"),
    ("人大", "政协", "党委", "政府", "纪委"),
    ("城市", "城区", "农村"),
    ("宫颈", "乳腺"),
    ("新生儿", "婴儿", "5岁以下"),
    ("书记", "成员", "主任"),
    ("董事会", "监事会", "管理层"),
    ("失业", "工伤", "养老", "医疗", "生育"),
    ("超重", "肥胖"),
    ("贫血", "生长迟缓", "低体重"),
    ("死亡", "患病", "发生", "筛查", "检测", "治疗"),
)


@dataclass
class Query:
    name: str
    unit: str = ""
    population: str | None = None  # women | children
    area: str | None = None


@dataclass
class Match:
    code: str | None
    confidence: float
    reason: str
    accepted: bool
    runner_up: str | None = None

    @property
    def needs_confirmation(self) -> bool:
        return self.code is not None and not self.accepted


class Matcher:
    def __init__(
        self, dictionary: Dictionary, auto_accept: float = AUTO_ACCEPT, min_suggest: float = MIN_SUGGEST
    ):
        if not 0 < min_suggest <= auto_accept <= 1:
            raise ValueError(f"阈值不合理：需 0 < 建议阈值({min_suggest}) ≤ 自动接受阈值({auto_accept}) ≤ 1")
        self.dictionary = dictionary
        self.auto_accept = auto_accept
        self.min_suggest = min_suggest
        self._loose: dict[str, list[Entry]] = {}
        for e in dictionary.active():
            for n in e.all_names:
                bucket = self._loose.setdefault(loose_key(n), [])
                if e not in bucket:
                    bucket.append(e)
        self._choices = list(self._loose)

    # -- evidence -------------------------------------------------------------------------------------------
    @staticmethod
    def _prefer(entries: list[Entry], q: Query) -> tuple[Entry, bool]:
        """The entry of the plan's population (then area); False when the choice stays ambiguous."""
        ranked = sorted(
            entries,
            key=lambda e: (e.population != q.population, not _same_area(e.area, q.area), e.code),
        )
        best = ranked[0]
        ambiguous = len(ranked) > 1 and (ranked[1].population == best.population or q.population is None)
        return best, not ambiguous

    @staticmethod
    def _adjust(entry: Entry, q: Query, matched: str = "") -> tuple[float, list[str]]:
        delta, notes = 0.0, []
        if matched:
            clash = _contrast(q.name, matched)
            if clash:
                delta -= CONTRAST_PENALTY
                notes.append(f"关键词不同（{clash}）")
            elif lacking := _lacking(q.name, matched):
                delta -= LACKING_PENALTY
                notes.append(f"缺少关键词（{lacking}）")
        unit_ok = compatible(q.unit, entry.unit) if q.unit else None
        if unit_ok is True:
            delta += 0.03
            notes.append("单位同类")
        elif unit_ok is False:
            delta -= 0.20
            notes.append(f"单位不同类（{q.unit} 与 {entry.unit or '无'}）")
        if q.population and entry.population != q.population:
            delta -= 0.15
            notes.append("人群不同")
        if _same_area(entry.area, q.area):
            delta += 0.02
            notes.append("领域相同")
        return delta, notes

    # -- matching -------------------------------------------------------------------------------------------
    def match(self, q: Query) -> Match:
        key = normalize_name(q.name)
        if not key:
            return Match(None, 0.0, "名称为空", False)
        lk = loose_key(q.name)
        exact = self.dictionary.by_name.get(key)
        if exact:
            entry, unique = self._prefer(exact, q)
            conf = 1.0 if unique else 0.9
            found = self._result(entry, conf, f"名称与「{_which(entry, key)}」一致", q)
        else:
            loose = self._loose.get(lk)
            if not loose:
                return self._fuzzy(lk, q)
            entry, unique = self._prefer(loose, q)
            conf = 0.95 if unique else 0.85
            found = self._result(entry, conf, "忽略层级前缀后名称一致", q)
        if q.population and entry.population != q.population:
            # The name is only known for the other population: a similar entry of the plan's own may be better.
            alt = self._fuzzy(lk, q)
            if alt.code and alt.confidence > found.confidence:
                return alt
        return found

    def _fuzzy(self, lk: str, q: Query) -> Match:
        hits = process.extract(lk, self._choices, scorer=_similarity, limit=8, processor=None)
        scored: list[tuple[float, Entry, str, list[str]]] = []
        for choice, score, _ in hits:
            for entry in self._loose[choice]:
                delta, notes = self._adjust(entry, q, choice)
                scored.append((score / 100 + delta, entry, choice, notes))
        if not scored:
            return Match(None, 0.0, "字典中没有相近的名称", False)
        scored.sort(key=lambda t: (-t[0], t[1].code))
        conf, entry, choice, notes = scored[0]
        runner = next((s for s in scored[1:] if s[1].code != entry.code), None)
        # Two different entries nearly tied: never auto-accept, a person decides.
        if runner is not None and conf - runner[0] < 0.03:
            conf = min(conf, self.auto_accept - 0.01)
            notes = [*notes, f"与 {runner[1].code} 难以区分"]
        conf = max(0.0, min(conf, 0.99))
        if conf < self.min_suggest:
            return Match(
                None, round(conf, 3), f"最相近的「{entry.name}」相似度仅 {conf:.2f}，不作建议", False
            )
        reason = f"相似名称「{choice}」（{'，'.join(['相似度匹配', *notes])}）"
        return Match(
            entry.code, round(conf, 3), reason, conf >= self.auto_accept, runner[1].code if runner else None
        )

    def _result(self, entry: Entry, conf: float, reason: str, q: Query) -> Match:
        delta, notes = self._adjust(entry, q)
        if delta < 0:  # exact name but the unit or population contradicts it: a person should look
            conf = max(self.min_suggest, conf + delta)
            reason = f"{reason}，但{'，'.join(n for n in notes if '不同' in n)}"
        return Match(entry.code, round(conf, 3), reason, conf >= self.auto_accept)

    def match_many(self, queries: list[Query]) -> list[Match]:
        return [self.match(q) for q in queries]


def _similarity(a: str, b: str, **_: object) -> float:
    """Best of plain ratio, partial ratio penalised by the length difference, and a reordering-tolerant ratio."""
    if not a or not b:
        return 0.0
    ratio = fuzz.ratio(a, b)
    short, long_ = sorted((len(a), len(b)))
    partial = fuzz.partial_ratio(a, b) * (0.6 + 0.4 * short / long_)
    # Same words in another order ("建立…的农村社区比例" / "农村社区建立…的比例"): compare the sorted characters,
    # slightly discounted because order can matter.
    reordered = fuzz.ratio("".join(sorted(a)), "".join(sorted(b))) * 0.95
    return max(ratio, partial, reordered)


def _contrast(query: str, candidate: str) -> str:
    """ "高中 ≠ 初中" when the two names use different words of one contrast group; "" otherwise."""
    for group in CONTRASTS:
        mine = {w for w in group if w in query}
        theirs = {w for w in group if w in candidate}
        if mine and theirs and not (mine & theirs):
            return f"{'、'.join(sorted(mine))} ≠ {'、'.join(sorted(theirs))}"
    return ""


def _lacking(query: str, candidate: str) -> str:
    """A contrast word of the plan's name that the candidate leaves open ("农村" vs a name without 城/乡)."""
    for group in CONTRASTS:
        mine = [w for w in group if w in query]
        if mine and not any(w in candidate for w in group):
            return "、".join(mine)
    return ""


def _same_area(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return a == b or a.replace("和", "") == b.replace("和", "")


def _which(entry: Entry, key: str) -> str:
    for n in entry.all_names:
        if normalize_name(n) == key:
            return n
    return entry.name
