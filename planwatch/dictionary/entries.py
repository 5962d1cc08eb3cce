"""Loading and validating the curated dictionary files (data/dictionary/indicators_*.yaml).

Every problem is reported with the file, the entry (code or position) and the field, in Chinese, and all
problems of a file are collected before raising so that one run of ``planwatch dictionary check`` shows them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from planwatch.domain.units import UNITS, normalize_unit

from .errors import DictionaryError
from .normalize import normalize_name

# The C loader reads the dictionary ~10× faster than the pure-Python one (matters for `bench match`).
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DEFAULT_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "dictionary"
FILE_GLOB = "indicators_*.yaml"

POPULATIONS = {"women": "W", "children": "C"}
DIRECTIONS = ("higher_is_better", "lower_is_better", "neutral")
DISAGGREGATIONS = ("sex", "age", "urban_rural", "region")
CODE_RE = re.compile(r"^(?P<pop>[WC])-(?P<area>[A-Z]{3})-(?P<num>\d{2,3})$")
# Entries people add in the review screen: U-<population letter>-NNN (never collide with curated codes).
USER_CODE_RE = re.compile(r"^U-[WC]-\d{3,}$")
REQUIRED = ("code", "name", "definition", "unit", "unit_family", "direction", "area")


@dataclass
class Entry:
    code: str
    name: str
    population: str
    area: str
    unit: str = ""
    unit_family: str = "none"
    direction: str = "higher_is_better"
    synonyms: list[str] = field(default_factory=list)
    definition: str = ""
    disaggregations: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    retired: bool = False
    source: str = "yaml"  # yaml (curated file) | user (created in the review screen)

    @property
    def all_names(self) -> list[str]:
        return [self.name, *self.synonyms]


class Dictionary:
    """The entries with their lookup indexes (by code, by normalised name per population)."""

    def __init__(self, entries: Iterable[Entry]):
        self.entries: list[Entry] = [e for e in entries]
        self.by_code: dict[str, Entry] = {e.code: e for e in self.entries}
        self.by_name: dict[str, list[Entry]] = {}
        for e in self.entries:
            if e.retired:
                continue
            for n in e.all_names:
                key = normalize_name(n)
                bucket = self.by_name.setdefault(key, [])
                if e not in bucket:
                    bucket.append(e)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, code: str) -> Entry | None:
        return self.by_code.get(code)

    def active(self) -> list[Entry]:
        return [e for e in self.entries if not e.retired]


def _problem(problems: list[str], path: Path, where: str, msg: str) -> None:
    problems.append(f"{path.name}：{where}：{msg}")


def _validate_entry(raw: object, pos: int, population: str, path: Path, problems: list[str]) -> Entry | None:
    where = f"第 {pos} 条"
    if not isinstance(raw, dict):
        _problem(problems, path, where, "条目必须是键值表（code、name、unit …）")
        return None
    code = str(raw.get("code") or "").strip()
    if code:
        where = f"条目 {code}"
    before = len(problems)
    for key in REQUIRED:
        if raw.get(key) is None or (key != "unit" and str(raw.get(key)).strip() == ""):
            _problem(problems, path, where, f"缺少字段「{key}」")
    unknown = set(raw) - {*REQUIRED, "synonyms", "disaggregations", "departments", "retired", "population"}
    if unknown:
        _problem(problems, path, where, f"未知字段「{'、'.join(sorted(unknown))}」")
    m = CODE_RE.match(code)
    if code and not m:
        _problem(problems, path, where, "编码格式应为 W-HEA-01 / C-EDU-03（人群字母-领域三字母-序号）")
    elif m and m.group("pop") != POPULATIONS.get(population):
        _problem(problems, path, where, f"编码人群字母与文件人群「{population}」不符")
    unit = normalize_unit(str(raw.get("unit") or ""))
    info = UNITS.get(unit)
    if raw.get("unit") is not None and info is None:
        _problem(problems, path, where, f"字段「unit」：未知单位「{raw.get('unit')}」")
    family = str(raw.get("unit_family") or "")
    if info is not None and family and family != info.quantity:
        _problem(
            problems,
            path,
            where,
            f"字段「unit_family」：单位「{unit}」属于「{info.quantity}」，不是「{family}」",
        )
    direction = raw.get("direction")
    if direction is not None and direction not in DIRECTIONS:
        _problem(
            problems, path, where, f"字段「direction」：「{direction}」不是 {' / '.join(DIRECTIONS)} 之一"
        )
    lists = {}
    for key in ("synonyms", "disaggregations", "departments"):
        value = raw.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            _problem(problems, path, where, f"字段「{key}」必须是非空文字的列表")
            value = []
        lists[key] = [v.strip() for v in value]
    bad = [d for d in lists["disaggregations"] if d not in DISAGGREGATIONS]
    if bad:
        _problem(
            problems,
            path,
            where,
            f"字段「disaggregations」：未知分组「{'、'.join(bad)}」，可用 {'、'.join(DISAGGREGATIONS)}",
        )
    if len(problems) > before:
        return None
    return Entry(
        code=code,
        name=str(raw["name"]).strip(),
        population=population,
        area=str(raw["area"]).strip(),
        unit=unit,
        unit_family=family,
        direction=str(direction),
        synonyms=lists["synonyms"],
        definition=str(raw["definition"]).strip(),
        disaggregations=lists["disaggregations"],
        departments=lists["departments"],
        retired=bool(raw.get("retired", False)),
    )


def parse_file(path: Path, problems: list[str]) -> list[Entry]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    except FileNotFoundError:
        problems.append(f"{path}：文件不存在")
        return []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"第 {mark.line + 1} 行" if mark else "某处"
        problems.append(f"{path.name}：{line}：YAML 格式错误（{getattr(exc, 'problem', exc)}）")
        return []
    except UnicodeDecodeError:
        problems.append(f"{path.name}：不是 UTF-8 编码的文本文件")
        return []
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        problems.append(f"{path.name}：文件顶层应有「population」和「entries」列表")
        return []
    population = data.get("population")
    if population not in POPULATIONS:
        problems.append(f"{path.name}：「population」应为 women 或 children，而不是「{population}」")
        return []
    entries = []
    for pos, raw in enumerate(data["entries"], start=1):
        entry = _validate_entry(raw, pos, population, path, problems)
        if entry is not None:
            entries.append(entry)
    return entries


def check_entries(entries: list[Entry], problems: list[str], where: str = "字典") -> None:
    """Cross-entry rules: unique codes; a name or synonym belongs to one entry per population."""
    seen: dict[str, Entry] = {}
    names: dict[tuple[str, str], str] = {}
    for e in entries:
        if e.code in seen:
            problems.append(f"{where}：编码 {e.code} 重复（「{seen[e.code].name}」与「{e.name}」）")
            continue
        seen[e.code] = e
        if e.retired:
            continue
        for n in e.all_names:
            key = (e.population, normalize_name(n))
            other = names.get(key)
            if other and other != e.code:
                problems.append(f"{where}：名称「{n}」同时出现在 {other} 和 {e.code}（同一人群内名称须唯一）")
            names[key] = e.code


def load_dictionary(directory: Path | str | None = None, files: list[Path] | None = None) -> Dictionary:
    """Load and validate every ``indicators_*.yaml`` of ``directory``; raise DictionaryError listing all problems."""
    directory = Path(directory) if directory else DEFAULT_DIR
    paths = files if files is not None else sorted(directory.glob(FILE_GLOB))
    if not paths:
        raise DictionaryError(f"{directory}：没有找到字典文件（{FILE_GLOB}）")
    problems: list[str] = []
    entries: list[Entry] = []
    for path in paths:
        entries.extend(parse_file(Path(path), problems))
    check_entries(entries, problems)
    if problems:
        raise DictionaryError(f"指标字典有 {len(problems)} 处错误：\n" + "\n".join(problems))
    return Dictionary(entries)


_CACHE: dict[str, Dictionary] = {}


def default_dictionary() -> Dictionary:
    """The shipped dictionary, loaded once per process."""
    key = str(DEFAULT_DIR)
    if key not in _CACHE:
        _CACHE[key] = load_dictionary(DEFAULT_DIR)
    return _CACHE[key]
