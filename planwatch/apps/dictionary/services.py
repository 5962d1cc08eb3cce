"""Dictionary services: sync the curated YAML into the database, link a plan's indicators, record decisions.

``link_plan(plan)`` is called after every plan import and by ``planwatch dictionary match``. It never
overrides a person's decision: links confirmed or chosen by hand stay as they are, and a re-imported plan gets
them back from ``ConfirmedLink`` (same region, population, period, indicator name and unit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from planwatch.apps.plans.models import Indicator, Plan
from planwatch.dictionary.entries import Dictionary, Entry, default_dictionary
from planwatch.dictionary.errors import DictionaryError
from planwatch.dictionary.matching import AUTO_ACCEPT, Matcher, Query
from planwatch.domain.units import UNITS, normalize_unit

from .models import ConfirmedLink, DictionaryEntry, IndicatorLink

SYNCED_FIELDS = (
    "name",
    "synonyms",
    "definition",
    "unit",
    "unit_family",
    "direction",
    "disaggregations",
    "departments",
    "population",
    "area",
    "retired",
)


class DictionaryServiceError(ValueError):
    """A request the dictionary cannot fulfil; the message is Chinese and names the item."""


@dataclass
class LinkSummary:
    plan_id: int
    total: int = 0
    auto_accepted: int = 0
    needs_review: int = 0
    unmatched: int = 0
    kept: int = 0  # confirmed/manual links left as they were
    restored: int = 0  # decisions restored from ConfirmedLink after a re-import
    review: list[str] = field(default_factory=list)  # names of indicators a person should look at
    warning: str = ""  # e.g. the dictionary files are broken: linked with the entries already stored

    @property
    def linked(self) -> int:
        return self.auto_accepted + self.kept + self.restored

    def as_text(self) -> str:
        return (
            f"共 {self.total} 项：自动关联 {self.auto_accepted}，沿用人工确认 {self.kept + self.restored}，"
            f"待确认 {self.needs_review}，未找到 {self.unmatched}"
        )


def sync_entries(dictionary: Dictionary | None = None) -> int:
    """Upsert the curated entries; entries gone from the files are retired, never deleted. Returns changes."""
    dictionary = dictionary or default_dictionary()
    existing = {e.code: e for e in DictionaryEntry.objects.all()}
    create, update = [], []
    for entry in dictionary.entries:
        values = {f: getattr(entry, f) for f in SYNCED_FIELDS}
        row = existing.get(entry.code)
        if row is None:
            create.append(DictionaryEntry(code=entry.code, source=DictionaryEntry.Source.YAML, **values))
        elif any(getattr(row, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(row, f, v)
            row.updated_at = timezone.now()  # bulk_update does not apply auto_now
            update.append(row)
    codes = {e.code for e in dictionary.entries}
    for row in existing.values():
        if row.source == DictionaryEntry.Source.YAML and row.code not in codes and not row.retired:
            row.retired, row.updated_at = True, timezone.now()
            update.append(row)
    if create:
        DictionaryEntry.objects.bulk_create(create)
    if update:
        DictionaryEntry.objects.bulk_update(update, [*SYNCED_FIELDS, "updated_at"])
    return len(create) + len(update)


def _entry_of(row: DictionaryEntry) -> Entry:
    return Entry(
        code=row.code,
        name=row.name,
        population=row.population,
        area=row.area,
        unit=row.unit,
        unit_family=row.unit_family,
        direction=row.direction,
        synonyms=list(row.synonyms or []),
        definition=row.definition,
        disaggregations=list(row.disaggregations or []),
        departments=list(row.departments or []),
        retired=row.retired,
        source=row.source,
    )


def database_dictionary() -> Dictionary:
    """Curated and user-created entries as the pure core sees them."""
    return Dictionary(_entry_of(r) for r in DictionaryEntry.objects.all())


def _memory_key(plan: Plan, indicator: Indicator) -> dict:
    return {
        "region_id": plan.region_id,
        "population": plan.population,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "indicator_name": indicator.name,
        "unit": indicator.unit,
    }


def link_plan(plan: Plan, *, auto_accept: float = AUTO_ACCEPT, matcher: Matcher | None = None) -> LinkSummary:
    """Link every indicator of ``plan`` to a dictionary entry (re-runnable, keeps human decisions).

    A broken dictionary file must not block a plan import: the entries already in the database are used and
    the summary carries the problem (``planwatch dictionary check`` shows it in full).
    """
    warning = ""
    try:
        sync_entries()
    except DictionaryError as exc:
        warning = f"指标字典文件有错误，本次按数据库中已有条目关联：{str(exc).splitlines()[0]}"
    matcher = matcher or Matcher(database_dictionary(), auto_accept=auto_accept)
    rows = {r.code: r for r in DictionaryEntry.objects.all()}
    memory = {
        (m.indicator_name, m.unit): m
        for m in ConfirmedLink.objects.filter(
            region_id=plan.region_id,
            population=plan.population,
            period_start=plan.period_start,
            period_end=plan.period_end,
        ).select_related("entry")
    }
    summary = LinkSummary(plan_id=plan.pk, warning=warning)
    indicators = list(plan.indicators.select_related("area").order_by("pk"))
    existing = {link.indicator_id: link for link in IndicatorLink.objects.filter(indicator__plan=plan)}
    create: list[IndicatorLink] = []
    update: list[IndicatorLink] = []
    for ind in indicators:
        summary.total += 1
        link = existing.get(ind.pk)
        if link is not None and link.method != IndicatorLink.Method.AUTO:
            summary.kept += 1
            continue
        if link is None:
            link = IndicatorLink(indicator=ind)
            create.append(link)
        else:
            update.append(link)
        remembered = memory.get((ind.name, ind.unit))
        if remembered is not None:
            link.entry = remembered.entry
            link.confidence, link.accepted = 1.0, True
            link.method = remembered.method
            link.reason = "沿用此前的人工确认（规划重新导入）"
            link.confirmed_by_id, link.confirmed_at = remembered.confirmed_by_id, remembered.confirmed_at
            summary.restored += 1
            continue
        m = matcher.match(Query(ind.name, ind.unit, plan.population, ind.area.name if ind.area_id else None))
        link.entry = rows.get(m.code) if m.code else None
        link.confidence, link.accepted = m.confidence, m.accepted
        link.method = IndicatorLink.Method.AUTO
        link.reason = m.reason[:255]
        link.confirmed_by_id, link.confirmed_at = None, None
        if m.accepted:
            summary.auto_accepted += 1
        else:
            summary.review.append(ind.name)
            if m.code:
                summary.needs_review += 1
            else:
                summary.unmatched += 1
    # Bulk writes: an import of a 100-indicator plan costs a handful of queries, not hundreds.
    now = timezone.now()
    for link in update:
        link.updated_at = now  # bulk_update does not apply auto_now
    with transaction.atomic():
        IndicatorLink.objects.bulk_create(create)
        IndicatorLink.objects.bulk_update(
            update,
            [
                "entry",
                "confidence",
                "accepted",
                "method",
                "reason",
                "confirmed_by",
                "confirmed_at",
                "updated_at",
            ],
        )
    return summary


def _remember(link: IndicatorLink) -> None:
    plan = link.indicator.plan
    ConfirmedLink.objects.update_or_create(
        **_memory_key(plan, link.indicator),
        defaults={
            "entry": link.entry,
            "method": link.method,
            "confirmed_by": link.confirmed_by,
            "confirmed_at": link.confirmed_at,
        },
    )


@transaction.atomic
def decide_link(indicator: Indicator, entry: DictionaryEntry, user, *, method: str) -> IndicatorLink:
    """Record a person's decision: ``confirmed`` (the suggestion is right) or ``manual`` (another entry)."""
    if method not in (IndicatorLink.Method.CONFIRMED, IndicatorLink.Method.MANUAL):
        raise DictionaryServiceError(f"未知的确认方式「{method}」")
    if entry.retired:
        raise DictionaryServiceError(f"字典条目 {entry.code} 已停用，不能关联")
    if entry.population != indicator.plan.population:
        raise DictionaryServiceError(
            f"指标「{indicator.name}」属于{indicator.plan.get_population_display()}规划，"
            f"不能关联到{entry.get_population_display()}条目 {entry.code}"
        )
    link, _ = IndicatorLink.objects.get_or_create(indicator=indicator)
    link.entry = entry
    link.method = method
    link.accepted = True
    link.confidence = 1.0
    link.reason = "人工确认系统建议" if method == IndicatorLink.Method.CONFIRMED else "人工选择字典条目"
    link.confirmed_by = user if getattr(user, "is_authenticated", False) else None
    link.confirmed_at = timezone.now()
    link.save()
    _remember(link)
    return link


def _next_user_code(population: str) -> str:
    letter = "W" if population == "women" else "C"
    numbers = [
        int(m.group(1))
        for code in DictionaryEntry.objects.filter(code__startswith=f"U-{letter}-").values_list(
            "code", flat=True
        )
        if (m := re.match(rf"^U-{letter}-(\d+)$", code))
    ]
    return f"U-{letter}-{max(numbers, default=0) + 1:03d}"


@transaction.atomic
def create_entry_for(
    indicator: Indicator, user, *, name: str, unit: str, direction: str, definition: str = ""
) -> DictionaryEntry:
    """A new (user) entry from an indicator no entry fits, linked to it at once."""
    name = (name or "").strip()
    if not name:
        raise DictionaryServiceError("新条目的标准名称不能为空")
    unit = normalize_unit(unit)
    if unit not in UNITS:
        raise DictionaryServiceError(f"新条目「{name}」：未知单位「{unit}」")
    if direction not in Indicator.Direction.values:
        raise DictionaryServiceError(f"新条目「{name}」：方向「{direction}」无效")
    plan = indicator.plan
    entry = DictionaryEntry.objects.create(
        code=_next_user_code(plan.population),
        name=name,
        synonyms=[indicator.name] if indicator.name != name else [],
        definition=definition,
        unit=unit,
        unit_family=UNITS[unit].quantity,
        direction=direction,
        population=plan.population,
        area=indicator.area.name if indicator.area_id else "",
        source=DictionaryEntry.Source.USER,
    )
    decide_link(indicator, entry, user, method=IndicatorLink.Method.MANUAL)
    return entry


def series_key(indicator: Indicator) -> str:
    """The assessment engine's series key: the dictionary code of an accepted link, else ``ind-<id>``."""
    link = getattr(indicator, "dictionary_link", None)
    if link is not None and link.accepted and link.entry_id:
        return link.entry.code
    return f"ind-{indicator.pk}"


# Field order of the curated files, so an exported entry can be pasted into them as it is.
YAML_FIELDS = ("code", "name", "synonyms", "definition", "unit", "unit_family", "direction", "disaggregations",
               "departments", "area")  # fmt: skip


def user_entries_yaml(population: str) -> tuple[str, int]:
    """Entries created in the review screen (they live only in the database), as a file in the curated
    dictionary's format for a person to review, give a curated code (W-HEA-xx …) and merge into
    data/dictionary/indicators_<population>.yaml. Returns (YAML text, number of entries)."""
    import yaml

    rows = DictionaryEntry.objects.filter(source=DictionaryEntry.Source.USER, population=population)
    entries = [{f: getattr(row, f) for f in YAML_FIELDS} for row in rows.order_by("code")]
    header = (
        f"# 审核时新建的字典条目（仅存于数据库），共 {len(entries)} 条。复核后改为正式编码"
        f"（{'W' if population == 'women' else 'C'}-领域-序号），补全定义，\n"
        f"# 并入 data/dictionary/indicators_{population}.yaml，再运行 planwatch dictionary check。\n"
    )
    body = yaml.safe_dump({"population": population, "entries": entries}, allow_unicode=True, sort_keys=False)
    return header + body, len(entries)
