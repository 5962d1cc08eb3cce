"""Store a parsed plan document in the database, all-or-nothing per document.

The parser (planwatch.parsing) knows nothing of the database; this module turns its ``Document`` into
Plan/Area/Goal/Strategy/Project/Indicator rows, creating the responsible departments as it goes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from planwatch.apps.regions.departments import find as find_department
from planwatch.apps.regions.gazetteer import ensure_regions, find_region
from planwatch.apps.regions.models import Department, Region
from planwatch.parsing import model as pm

from .models import Area, Goal, Indicator, Plan, Project, Strategy

# Separators between department names in a 责任单位 cell: 、，, ; / and spaces.
_DEPT_SPLIT = re.compile(r"[、，,；;/\s]+")


class ImportRefused(Exception):
    """The document cannot be stored; the message says why in Chinese."""


@dataclass
class ImportResult:
    source: str
    plans: list[Plan] = field(default_factory=list)
    skipped: str = ""  # why nothing was stored (duplicate upload)
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        c: Counter = Counter()
        for plan in self.plans:
            c["areas"] += plan.areas.count()
            c["goals"] += Goal.objects.filter(area__plan=plan).count()
            c["indicators"] += plan.indicators.count()
        return dict(c)

    def indicators_by_kind(self) -> Counter:
        kinds: Counter = Counter()
        for plan in self.plans:
            kinds.update(plan.indicators.values_list("target_kind", flat=True))
        return kinds


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def import_document(
    doc: pm.Document,
    *,
    digest: str = "",
    region: Region | None = None,
    replace: bool = False,
    activate: bool = False,
) -> ImportResult:
    """Store every plan of ``doc``. Raises ImportRefused (nothing stored) when it cannot."""
    ensure_regions()
    result = ImportResult(source=doc.source or "", warnings=list(doc.warnings))
    if digest:
        already = Plan.objects.filter(source_sha256=digest).order_by("pk")
        if already.exists() and not replace:
            titles = "、".join(p.title for p in already)
            result.skipped = f"此文件已导入过（{titles}），未重复导入；如需重新导入请加 --replace"
            result.plans = list(already)
            return result
    if not doc.plans:
        raise ImportRefused(f"{doc.source or '文档'}：未识别出任何规划，未导入")
    region = region or find_region(doc.region or "")
    if region is None:
        raise ImportRefused(
            f"{doc.source or '文档'}：地区「{doc.region or '未识别'}」不在行政区划库中；"
            "请先用 planwatch regions load 登记，或用 --region 代码 指定"
        )
    with transaction.atomic():
        for parsed in doc.plans:
            result.plans.append(_store_plan(doc, parsed, region, digest, replace, activate))
            from planwatch.apps.dictionary.services import link_plan  # here: the dictionary app imports plans

            link_plan(result.plans[-1])
            result.warnings.extend(f"{parsed.title}：{w}" for w in parsed.warnings)
    return result


def _store_plan(
    doc: pm.Document, parsed: pm.Plan, region: Region, digest: str, replace: bool, activate: bool
) -> Plan:
    start, end = parsed.period
    existing = Plan.objects.filter(
        region=region, population=parsed.population, period_start=start, period_end=end
    )
    if existing.exists():
        old = existing.get()
        if not replace:
            raise ImportRefused(
                f"{region.name}已有同期{old.get_population_display()}规划「{old.title}」（{start}—{end}），"
                "未导入；如需替换请加 --replace"
            )
        if Plan.objects.filter(pk=old.pk, indicators__observations__isnull=False).exists():
            raise ImportRefused(f"「{old.title}」已有监测数据，不能整体替换；请在后台逐项修改指标")
        old.delete()

    plan = Plan.objects.create(
        title=parsed.title,
        population=parsed.population,
        region=region,
        period_start=start,
        period_end=end,
        issuer=doc.issuer or "",
        issued_date=_date(doc.issued_date),
        doc_number=doc.doc_number or "",
        index_number=doc.index_number or "",
        source_file=doc.source or "",
        source_sha256=digest,
        status=Plan.Status.ACTIVE if activate else Plan.Status.DRAFT,
        parse_warnings=list(parsed.warnings),
    )
    areas: dict[str, Area] = {}
    for order, pa in enumerate(parsed.areas, start=1):
        area = Area.objects.create(plan=plan, name=pa.name, order=order)
        areas[pa.name] = area
        Goal.objects.bulk_create(Goal(area=area, seq=g.seq, text=g.text, line=g.line) for g in pa.goals)
        Strategy.objects.bulk_create(
            Strategy(area=area, seq=s.seq, text=s.text, line=s.line) for s in pa.strategies
        )
    Project.objects.bulk_create(
        Project(
            plan=plan,
            area=areas.get(p.area or ""),
            box=p.box,
            seq=p.seq,
            title=p.title,
            text=p.text,
            line=p.line,
        )
        for p in parsed.projects
    )
    departments: dict[str, Department] = {}
    for pi in parsed.indicators:
        area = areas.get(pi.area or "")
        if area is None and pi.area:
            area = areas[pi.area] = Area.objects.create(plan=plan, name=pi.area, order=len(areas) + 1)
        indicator = Indicator.objects.create(
            plan=plan,
            area=area,
            seq=pi.seq,
            name=pi.name,
            unit=pi.unit,
            direction=pi.direction,
            attribute=pi.attribute,
            origin=pi.origin,
            target_text=pi.target.text[:255],
            target_kind=pi.target.kind,
            target_comparator=pi.target.comparator or "",
            target_value=pi.target.value,
            target_year=pi.target.year or end,
            target_detail={**pi.target.detail, "inferred": pi.target.inferred, "note": pi.target.note},
            milestones=[_target_json(m) for m in pi.milestones],
            baseline_year=pi.baseline.year if pi.baseline else None,
            baseline_value=pi.baseline.value if pi.baseline else None,
            departments_text="、".join(pi.departments)[:255],
            source_line=pi.line,
            source_text=pi.source_text,
            notes=list(pi.notes),
        )
        names = [n for d in pi.departments for n in _DEPT_SPLIT.split(d) if n]
        if names:
            for name in names:
                if name not in departments:  # a department renamed since the plan was printed is the same one
                    departments[name] = find_department(region, name[:128]) or Department.objects.create(
                        region=region, name=name[:128]
                    )
            indicator.departments.set([departments[n] for n in names])
    return plan


def _target_json(t: pm.Target) -> dict:
    return {
        "text": t.text,
        "kind": t.kind,
        "comparator": t.comparator,
        "value": t.value,
        "year": t.year,
        "unit": t.unit,
        "inferred": t.inferred,
        "note": t.note,
    }


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
