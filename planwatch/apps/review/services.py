"""What the review pages do: store an uploaded plan document as a draft, correct its indicators (targets are
re-read by the parser's target grammar), activate or archive the plan. Every change is a Correction row.
Callers check access (planwatch.apps.accounts.permissions) first; these functions check the content and raise
ReviewError with a Chinese message that names the place and the problem."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from planwatch.apps.plans.importing import ImportRefused, file_digest, import_document
from planwatch.apps.plans.models import Indicator, Plan
from planwatch.apps.regions.departments import find_many
from planwatch.apps.regions.gazetteer import find_region
from planwatch.apps.regions.models import Department, Region
from planwatch.apps.reporting.models import Observation
from planwatch.domain.targets import KIND_LABELS, NUMERIC_KINDS
from planwatch.domain.units import UnitError, display_unit, measure, normalize_unit, require_unit
from planwatch.parsing.document import parse_document
from planwatch.parsing.errors import ParseError
from planwatch.parsing.ingest import read_lines
from planwatch.parsing.model import MEASURE_ORIGINS
from planwatch.parsing.targets import parse_target

from .models import Correction, PlanDocument

ACCEPTED = (".txt", ".docx", ".pdf", ".html", ".htm")
DEPT_SPLIT = re.compile(r"[、，,；;/\s]+")
MAX_NAME = 200
MAX_TARGET = 255


class ReviewError(ValueError):
    """The upload or correction cannot be made; nothing was changed."""


@dataclass
class UploadOutcome:
    plans: list[Plan] = field(default_factory=list)
    skipped: str = ""  # the same file was uploaded before: nothing stored, ``plans`` are the earlier ones
    warnings: list[str] = field(default_factory=list)


def origin_choices() -> list[tuple[str, str]]:
    """Where in the plan an indicator is stated: 专栏指标表, 主要目标, or a 措施目标 (策略措施, 重点项目)."""
    return list(Indicator.Origin.choices)


# ---- upload ---------------------------------------------------------------------------------------------


def _named(filename: str, message: str) -> str:
    return message if message.startswith(f"{filename}：") else f"{filename}：{message}"


def upload_document(user, region: Region, filename: str, data: bytes, *, replace_draft: bool = False):
    """Parse the document and store every plan in it as a draft of ``region`` (all-or-nothing)."""
    filename = (filename or "规划文件").rsplit("/", 1)[-1][:200]
    if not filename.lower().endswith(ACCEPTED):
        raise ReviewError(f"{filename}：不支持的文件格式，请上传 .txt、.docx、.pdf 或 .html 文件")
    try:
        lines = read_lines(data, filename, settings.PLANWATCH_UPLOAD_LIMITS)  # size and zip bounds first
        doc = parse_document(data, filename)
    except ParseError as exc:
        raise ReviewError(_named(filename, str(exc))) from None
    if not doc.plans:
        raise ReviewError(f"{filename}：未识别出任何规划，未导入")
    outcome = UploadOutcome(warnings=list(doc.warnings))
    named = find_region(doc.region or "") if doc.region else None
    if named is not None and named.pk != region.pk:
        raise ReviewError(
            f"{filename}：文件中的规划属于「{named.name}」，不是本地区（{region.name}）；只能导入本地区的规划"
        )
    if doc.region is None or named is None:
        outcome.warnings.append(f"文件中未识别出地区，已按本地区（{region.name}）导入")
    digest = file_digest(data)
    earlier = list(Plan.objects.filter(source_sha256=digest, region=region).order_by("pk"))
    if earlier and not replace_draft:
        titles = "、".join(f"「{p.title}」" for p in earlier)
        outcome.plans, outcome.skipped = earlier, f"{filename} 已上传过（{titles}），未重复导入"
        return outcome
    for parsed in doc.plans:
        start, end = parsed.period
        old = Plan.objects.filter(region=region, population=parsed.population, period_start=start,
                                  period_end=end).first()  # fmt: skip
        if old is None:
            continue
        if old.status != Plan.Status.DRAFT:
            raise ReviewError(
                f"{filename}：{region.name}已有同期{old.get_population_display()}规划「{old.title}」"
                f"（{old.get_status_display()}），未导入；生效或已归档的规划不能被上传的文件替换"
            )
        if not replace_draft:
            raise ReviewError(
                f"{filename}：{region.name}已有同期{old.get_population_display()}规划草稿「{old.title}」，未导入；"
                "如需用新文件替换该草稿，请勾选「替换同期草稿」"
            )
    with transaction.atomic():
        try:
            result = import_document(doc, digest=digest, region=region, replace=replace_draft)
        except ImportRefused as exc:
            raise ReviewError(_named(filename, str(exc))) from None
        document = PlanDocument.objects.create(
            region=region, filename=filename, sha256=digest, size=len(data), lines=lines, uploaded_by=user
        )
        document.plans.set(result.plans)
        for plan in result.plans:
            Correction.objects.create(plan=plan, field="status", label="上传", old="",
                                      new=f"{filename}（草稿）", user=user)  # fmt: skip
    outcome.plans = result.plans
    outcome.warnings += result.warnings
    return outcome


def keep_source(
    plans: list[Plan], region: Region, filename: str, data: bytes, user=None
) -> PlanDocument | None:
    """Keep the text lines of a document imported on the command line, so its review page shows the source
    beside the parsed structure as for a web upload. None when the lines cannot be read again."""
    try:
        lines = read_lines(data, filename, settings.PLANWATCH_UPLOAD_LIMITS)
    except ParseError:
        return None
    document = PlanDocument.objects.create(region=region, filename=filename[:255], sha256=file_digest(data),
                                           size=len(data), lines=lines, uploaded_by=user)  # fmt: skip
    document.plans.set(plans)
    return document


def source_lines(plan: Plan) -> tuple[PlanDocument | None, list[str]]:
    """The document the plan came from and its lines (none for plans imported on the command line)."""
    document = plan.documents.order_by("-uploaded_at", "-id").first()
    return document, (document.lines if document else [])


# ---- corrections ----------------------------------------------------------------------------------------


def target_display(ind: Indicator) -> str:
    return f"{ind.target_text}（{KIND_LABELS.get(ind.target_kind, ind.target_kind)}）"


def _departments(plan: Plan, text: str) -> list[Department]:
    names = [n for n in DEPT_SPLIT.split(text or "") if n]
    found = find_many(plan.region, names)  # current names and the names departments had before a rename
    missing = [n for n in names if n not in found]
    if missing:
        raise ReviewError(
            f"责任单位：{'、'.join(f'「{n}」' for n in missing)}不在{plan.region.name}的部门列表中；"
            "请先在「后台管理 → 部门」中新增，或检查名称"
        )
    stopped = [n for n in names if not found[n].active]
    if stopped:
        raise ReviewError(f"责任单位：{'、'.join(f'「{n}」' for n in stopped)}已停用，不能再作为责任单位")
    return list(dict.fromkeys(found[n] for n in names))


def _check_target(parsed, text: str, unit: str, name: str, plan: Plan, qualitative_ok: bool) -> None:
    target = parsed.target
    if target.kind == "qualitative" and not qualitative_ok:
        raise ReviewError(
            f"目标「{text}」中未识别出数值、比较符或方向词。如确为定性目标（如“实现基本普及”），请勾选"
            "「按定性目标记录」；否则请按“≥95%”“8/10万以下”“逐年提高”“保持在90%以上”等写法填写"
        )
    if target.unit and unit and normalize_unit(target.unit) != unit:  # 8/10万 against a % indicator
        raise ReviewError(
            f"目标「{text}」的单位「{display_unit(target.unit)}」与指标单位「{display_unit(unit)}」不一致，"
            "请修改目标或单位"
        )
    bounds = measure(unit, name)
    for t in (target, *parsed.milestones):
        if not plan.period_start <= (t.year or plan.period_end) <= plan.period_end:
            raise ReviewError(
                f"目标「{text}」中的年份 {t.year} 不在规划期 {plan.period_start}—{plan.period_end} 内"
            )
        if t.value is None or t.kind not in NUMERIC_KINDS or t.kind == "ratio":
            continue
        low = bounds.lo is not None and t.value < bounds.lo
        high = bounds.hi is not None and t.value > bounds.hi
        if low or high:
            raise ReviewError(
                f"目标「{text}」的数值 {t.value:g} 超出「{display_unit(unit)}」的合理范围（{bounds.bounds_text()}）"
            )


def _target_fields(parsed, text: str, plan: Plan) -> dict:
    t = parsed.target
    return {
        "target_text": text,  # as the reviewer typed it, milestones included ("2025年达到80%，2030年…")
        "target_kind": t.kind,
        "target_comparator": t.comparator or "",
        "target_value": t.value,
        "target_year": t.year or plan.period_end,
        "target_detail": {**t.detail, "inferred": t.inferred, "note": t.note},
        "milestones": [
            {"text": m.text, "kind": m.kind, "comparator": m.comparator, "value": m.value, "year": m.year,
             "unit": m.unit, "inferred": m.inferred, "note": m.note}
            for m in parsed.milestones
        ],
    }  # fmt: skip


@transaction.atomic
def correct_indicator(user, ind: Indicator, form: dict) -> list[Correction]:
    """Apply the review form to one indicator: name, unit, direction, attribute, target (re-read by the target
    grammar), departments, origin. Returns the corrections made (none when nothing changed)."""
    plan = ind.plan
    name = " ".join((form.get("name") or "").split())
    if not name:
        raise ReviewError("请填写指标名称")
    if len(name) > MAX_NAME:
        raise ReviewError(f"指标名称共 {len(name)} 字，超过 {MAX_NAME} 字的上限")
    unit = normalize_unit(form.get("unit", ""))
    if unit:
        try:
            require_unit(unit, "单位：")
        except UnitError as exc:
            raise ReviewError(str(exc)) from None
    direction = form.get("direction", ind.direction)
    if direction not in Indicator.Direction.values:
        raise ReviewError("请选择指标方向（越高越好、越低越好或适度）")
    attribute = form.get("attribute", "")
    if attribute not in Indicator.Attribute.values:
        raise ReviewError("指标属性只能是约束性、预期性或未标注")
    origin = form.get("origin", ind.origin)
    if origin not in dict(origin_choices()):
        raise ReviewError("请选择指标在规划中的位置（专栏指标表、主要目标或措施目标）")
    text = (form.get("target") or "").strip()
    if not text:
        raise ReviewError("请填写目标，例如“≥95%”“8/10万以下”“逐年提高”")
    if len(text) > MAX_TARGET:
        raise ReviewError(f"目标原文共 {len(text)} 字，超过 {MAX_TARGET} 字的上限")
    if unit != ind.unit and Observation.objects.filter(indicator=ind).exists():
        raise ReviewError(
            f"「{ind.name}」已有监测数据，不能修改单位（原数据按「{display_unit(ind.unit)}」填报）"
        )
    departments = _departments(plan, form.get("departments", ""))

    before = _snapshot(ind)
    ind.name, ind.unit, ind.direction, ind.attribute, ind.origin = name, unit, direction, attribute, origin
    # a 措施目标 counts in 达标率 only when the office lists it among the main indicators
    ind.promoted = origin in MEASURE_ORIGINS and form.get("promoted") in ("1", "on", True)
    if (text, unit, direction) != (ind.target_text, before["unit_raw"], before["direction_raw"]):
        parsed = parse_target(text, direction=direction, year=plan.period_end, unit=unit,
                              table_cell=origin == "table")  # fmt: skip
        _check_target(parsed, text, unit, name, plan, form.get("qualitative") in ("1", "on", True))
        for key, value in _target_fields(parsed, text, plan).items():
            setattr(ind, key, value)
        if not ind.unit and parsed.unit:
            ind.unit = parsed.unit  # "8/10万以下" tells the unit a goal sentence did not print
    # the text as typed (the plan's printed names, a renamed department's old name included) stays the source
    ind.departments_text = "、".join(
        dict.fromkeys(n for n in DEPT_SPLIT.split(form.get("departments", "")) if n)
    )[:255]
    ind.save()
    ind.departments.set(departments)
    after = _snapshot(ind)
    made = [
        Correction(
            plan=plan, indicator=ind, field=key, label=LABELS[key], old=before[key], new=after[key], user=user
        )  # fmt: skip
        for key in LABELS
        if before[key] != after[key]
    ]
    Correction.objects.bulk_create(made)
    return made


LABELS = {
    "name": "指标名称",
    "unit": "单位",
    "direction": "方向",
    "attribute": "指标属性",
    "target": "目标",
    "departments": "责任单位",
    "origin": "位置",
    "promoted": "列入主要指标",
}


def _snapshot(ind: Indicator) -> dict[str, str]:
    origins = dict(origin_choices())
    return {
        "name": ind.name,
        "unit": display_unit(ind.unit) or "无",
        "unit_raw": ind.unit,
        "direction": ind.get_direction_display(),
        "direction_raw": ind.direction,
        "attribute": ind.get_attribute_display(),
        "target": target_display(ind),
        "departments": ind.departments_text or "未填",
        "origin": origins.get(ind.origin, ind.origin),
        "promoted": "是" if ind.promoted else "否",
    }


# ---- status ---------------------------------------------------------------------------------------------


def _set_status(user, plan: Plan, status: str) -> None:
    old = plan.get_status_display()
    plan.status = status
    plan.save(update_fields=["status"])
    Correction.objects.create(plan=plan, field="status", label="状态", old=old,
                              new=plan.get_status_display(), user=user)  # fmt: skip


@transaction.atomic
def activate(user, plan: Plan) -> None:
    """Reviewed: the plan is monitored from now on (rounds, assessment, reports, the public portal)."""
    if plan.status == Plan.Status.ACTIVE:
        raise ReviewError(f"「{plan.title}」已经生效")
    if not plan.indicators.exists():
        raise ReviewError(f"「{plan.title}」没有监测指标，不能生效；请检查上传的文件")
    _set_status(user, plan, Plan.Status.ACTIVE)


@transaction.atomic
def archive(user, plan: Plan) -> None:
    """The plan period is over (or it was replaced): no new rounds; its data and results stay on record."""
    if plan.status != Plan.Status.ACTIVE:
        raise ReviewError(f"只有生效的规划可以归档；「{plan.title}」现为{plan.get_status_display()}")
    _set_status(user, plan, Plan.Status.ARCHIVED)
