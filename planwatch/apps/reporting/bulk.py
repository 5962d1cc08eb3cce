"""Bulk import of historical series (e.g. 2010—2020) from CSV or Excel, all-or-nothing.

One row per indicator × region × year; value columns 合计, 女, 男, 城镇, 农村 and any ``年龄组:<组>``, optional
分子, 分母, 波动说明. The indicator is named by 指标ID, or by 指标名称 together with a plan. Imported rows count as
approved data (the importing admin or monitoring group vouches for them); every stored value leaves a history row.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from planwatch import uploads
from planwatch.apps.accounts.permissions import plan_import_regions, region_scope
from planwatch.apps.dashboard.freshness import data_changed
from planwatch.apps.plans.models import Indicator, Plan
from planwatch.apps.regions.models import Region
from planwatch.domain.cells import FEMALE, MALE, RURAL, TOTAL, URBAN, age_cell, cell_key
from planwatch.reporting_rules import IndicatorSpec, Problem, RawCell, RowInput, check_row, number_text

from .models import Observation, ObservationHistory
from .services import ProblemLog, ValidationFailed, indicator_name

VALUE_COLUMNS = {"合计": TOTAL, "女": FEMALE, "男": MALE, "城镇": URBAN, "农村": RURAL}
AGE_PREFIX = "年龄组:"


@dataclass
class BulkResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    changed: set[tuple[int, int, int]] = field(default_factory=set)  # (indicator, region, year) stored anew
    reassessment: object | None = None  # the evaluation.ImportReassessment queued for them


def _col_letter(i: int) -> str:
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def read_table(data: bytes, filename: str) -> list[list]:
    """Rows of a CSV (UTF-8 or GB18030) or of the first sheet of a workbook, within the upload limits."""
    try:
        return uploads.read_table(data, filename, settings.PLANWATCH_UPLOAD_LIMITS)
    except uploads.UploadRefused as exc:
        raise ValidationFailed([Problem(filename, "整个文件", exc.rule, exc.message)]) from exc


def import_series(
    data: bytes,
    filename: str,
    user,
    *,
    plan: Plan | None = None,
    source: str = "import",
    reassess: bool = True,
) -> BulkResult:
    """Validate every row, then store all of them or none. Raises ValidationFailed listing the problems.
    What was stored is re-assessed in the background (``reassess``; the demo's sample data and the import
    benchmark assess by themselves)."""
    t0 = time.perf_counter()
    table = read_table(data, filename)
    read = time.perf_counter() - t0
    result = import_table(table, filename, user, plan=plan, source=source, reassess=reassess)
    result.timings = {"read": read, **result.timings}
    return result


def default_place(n: int, column: int | None) -> str:
    """Where a problem is: 第n行, or a cell as Excel names it (B7)."""
    return f"第{n}行" if column is None else f"{_col_letter(column)}{n}"


def import_table(
    table: list[list],
    filename: str,
    user,
    *,
    plan: Plan | None = None,
    source: str = "import",
    place=default_place,
    cell_columns: dict | None = None,
    reassess: bool = True,
) -> BulkResult:
    """import_series for rows already read (the SDMX-CSV import builds them from its own format and names
    the places in it through ``place(row number, column index or None)``)."""
    result = BulkResult()
    t1 = time.perf_counter()
    if not table:
        raise ValidationFailed([Problem(filename, "整个文件", "格式错误", "文件为空")])
    header = [str(h).strip() for h in table[0]]
    col = {h: i for i, h in enumerate(header) if h}
    problems = ProblemLog()
    missing = [c for c in ("地区代码", "年份") if c not in col]
    if "指标ID" not in col and not ("指标名称" in col and plan is not None):
        missing.append("指标ID（或 指标名称 并指定规划）")
    value_cols = {i: VALUE_COLUMNS[h] for h, i in col.items() if h in VALUE_COLUMNS}
    value_cols |= {i: age_cell(h[len(AGE_PREFIX) :]) for h, i in col.items() if h.startswith(AGE_PREFIX)}
    value_cols |= {i: cell_columns[h] for h, i in col.items() if h in (cell_columns or {})}
    if not value_cols:
        missing.append("合计/女/男/城镇/农村 中至少一列")
    if missing:
        raise ValidationFailed(
            [Problem(filename, "第1行（表头）", "格式错误", f"缺少列：{'、'.join(missing)}")]
        )

    regions = {r.code: r for r in Region.objects.all()}
    by_pk = {r.pk: r for r in regions.values()}
    scope = region_scope(user) if user is not None else None
    by_id = {i.pk: i for i in Indicator.objects.all().only("id", "name", "unit", "plan_id")}
    plans = Plan.objects.only("id", "region_id").in_bulk()
    allowed: dict[int, set[int]] = {}  # plan id → regions whose data may be imported against it
    by_name = {}
    if plan is not None:
        for ind in plan.indicators.order_by("-origin", "pk"):  # "table" rows before "goal" rows
            by_name.setdefault(ind.name, ind)

    def cell(values: list, name: str):
        i = col.get(name)
        if i is None or i >= len(values):
            return None
        v = values[i]
        return None if v == "" else v

    parsed: dict[tuple[int, int, int], tuple[int, RowInput, dict]] = {}
    for n, values in enumerate(table[1:], start=2):
        if not any(v not in (None, "") for v in values):
            continue
        result.rows += 1
        where = place(n, None)
        code = str(cell(values, "地区代码") or "").strip().removesuffix(".0")
        region = regions.get(code)
        if region is None:
            problems.add(
                Problem(
                    filename,
                    f"{where} {_col_letter(col['地区代码'])}列",
                    "地区不存在",
                    f"地区代码「{code}」不在行政区划库中",
                )
            )
            continue
        if scope is not None and region.pk not in scope:
            problems.add(Problem(filename, where, "无权导入", f"无权导入{region.name}的数据"))
            continue
        raw_id = cell(values, "指标ID")
        ind = None
        if raw_id is not None:
            try:
                ind = by_id.get(int(float(raw_id)))
            except (ValueError, OverflowError):
                ind = None
        elif plan is not None:
            ind = by_name.get(str(cell(values, "指标名称") or "").strip())
        if ind is None or (plan is not None and ind.plan_id != plan.pk):
            shown = raw_id if raw_id is not None else cell(values, "指标名称")
            problems.add(Problem(filename, where, "指标不存在", f"找不到指标「{shown}」"))
            continue
        if ind.plan_id not in allowed:
            allowed[ind.plan_id] = plan_import_regions(user, plans[ind.plan_id])
        if region.pk not in allowed[ind.plan_id]:
            reachable = bool(allowed[ind.plan_id])
            problems.add(
                _foreign_indicator(ind, region, by_pk.get(plans[ind.plan_id].region_id), reachable, where)
            )
            continue
        try:
            year = int(float(cell(values, "年份")))
            if not 1949 <= year <= 2100:
                raise ValueError
        except (TypeError, ValueError, OverflowError):
            problems.add(
                Problem(
                    ind.name,
                    f"{where} {_col_letter(col['年份'])}列",
                    "年份无效",
                    f"年份「{cell(values, '年份')}」无效",
                )
            )
            continue
        row = RowInput(
            cells={c: RawCell(values[i] if i < len(values) and values[i] != "" else None, place(n, i))
                   for i, c in value_cols.items()},
            numerator=RawCell(cell(values, "分子"), f"{where} 分子") if "分子" in col else None,
            denominator=RawCell(cell(values, "分母"), f"{where} 分母") if "分母" in col else None,
            explanation=str(cell(values, "波动说明") or ""),
        )  # fmt: skip
        key = (ind.pk, region.pk, year)
        if key in parsed:
            problems.add(
                Problem(ind.name, where, "重复数据", f"与第{parsed[key][0]}行重复（{region.name} {year}年）")
            )
            continue
        checked = check_row(IndicatorSpec(ind.name, ind.unit), row, check_yoy=False)
        if checked.problems:
            problems.extend(checked.problems)
            continue
        parsed[key] = (
            n,
            row,
            {"values": checked.values, "num": checked.numerator, "den": checked.denominator},
        )
    t2 = time.perf_counter()
    if problems:
        raise problems.failed()
    _store(parsed, user, filename, source, result)
    t3 = time.perf_counter()
    result.timings = {"validate": t2 - t1, "store": t3 - t2}
    if reassess and result.changed:
        from planwatch.apps.evaluation.background import queue_import_reassessment

        result.reassessment = queue_import_reassessment(result.changed, user, filename, source)
    return result


def _foreign_indicator(ind: Indicator, region: Region, owner: Region | None, reachable: bool, where: str):
    """Why a row's indicator may not take this region's data: it belongs to another region's plan, or to a
    plan outside the user's reach (whose region is then not named: an import must not reveal it)."""
    if reachable:
        owner_name = owner.name if owner else "其他地区"
        message = f"指标ID {ind.pk} 属于{owner_name}的规划，不能导入{region.name}的数据"
        return Problem(ind.name, where, "无权导入", message)
    return Problem(f"指标ID {ind.pk}", where, "无权导入", f"指标ID {ind.pk} 不属于您可导入的规划，不能导入")


FIELDS = ("value", "numerator", "denominator", "explanation")


def _store(parsed: dict, user, filename: str, source: str, result: BulkResult) -> None:
    now = timezone.now()
    ind_ids = {k[0] for k in parsed}
    reg_ids = {k[1] for k in parsed}
    years = {k[2] for k in parsed}
    # Existing cells as plain tuples: building 54,000 model instances alone costs seconds.
    existing = {
        row[:6]: row[6:]
        for row in Observation.objects.filter(
            indicator_id__in=ind_ids, region_id__in=reg_ids, year__in=years
        ).values_list("indicator_id", "region_id", "year", "sex", "age_group", "area_type", "pk", *FIELDS, "status",
                      "task_id")
    }  # fmt: skip
    creates: list[tuple] = []  # (key, value, numerator, denominator, explanation)
    updates: list[tuple] = []  # (value, numerator, denominator, explanation, pk)
    history: list[tuple] = []  # (key, cell, field, old, new)
    problems = ProblemLog()
    reason = f"批量导入 {filename}"
    for (iid, rid, year), (n, row, checked) in parsed.items():
        explanation = row.explanation.strip()
        for c, value in checked["values"].items():
            fields = {"value": value, "explanation": explanation}
            if c == TOTAL:
                fields["numerator"], fields["denominator"] = checked["num"], checked["den"]
            key = (iid, rid, year, c.sex, c.age_group, c.area_type)
            found = existing.get(key)
            if found is None:
                if value is None:
                    continue
                creates.append((key, value, fields.get("numerator"), fields.get("denominator"), explanation))
                result.changed.add((iid, rid, year))
                history += [(key, c, f, "", number_text(v)) for f, v in fields.items() if v not in (None, "")]
                continue
            pk, *olds, status, task_id = found
            old = dict(zip(FIELDS, olds, strict=True))
            diffs = [(f, old[f], v) for f, v in fields.items() if old[f] != v and not (
                old[f] in (None, "") and v in (None, ""))]  # fmt: skip
            if not diffs and status == Observation.Status.APPROVED:
                result.unchanged += 1
                continue
            if task_id is not None:
                # Reported through a round: changing it here would bypass review and the approval lock.
                problems.add(Problem(indicator_name(iid), f"第{n}行", "已在报送任务中",
                                        "该单元格是年度报送的数据，须在报送任务中修改（已审核的须由监测组重新打开）"))  # fmt: skip
                continue
            new = {**old, **fields}
            updates.append((*(new[f] for f in FIELDS), pk))
            result.changed.add((iid, rid, year))
            history += [(key, c, f, number_text(o), number_text(v)) for f, o, v in diffs]
    if problems:
        raise problems.failed()
    with transaction.atomic():
        # Plain executemany: the ORM's bulk_create spends ~10 s building SQL for a province-sized file.
        stamp = connection.ops.adapt_datetimefield_value(now)
        user_id = getattr(user, "pk", None)
        approved = Observation.Status.APPROVED
        _insert(Observation, ["indicator_id", "region_id", "year", "sex", "age_group", "area_type", "value",
                              "numerator", "denominator", "note", "updated_at", "status", "explanation", "source",
                              "updated_by_id"],
                [(*key, value, num, den, "", stamp, approved, expl, source, user_id)
                 for key, value, num, den, expl in creates])  # fmt: skip
        _update(Observation, [*FIELDS, "status", "source", "updated_by_id", "updated_at"],
                [(*values, approved, source, user_id, stamp, pk) for *values, pk in updates])  # fmt: skip
        ids = {key: found[0] for key, found in existing.items()}
        if creates:
            ids |= {
                row[:6]: row[6]
                for row in Observation.objects.filter(
                    indicator_id__in=ind_ids, region_id__in=reg_ids, year__in=years
                ).values_list("indicator_id", "region_id", "year", "sex", "age_group", "area_type", "pk")
            }
        _insert(ObservationHistory, ["observation_id", "indicator_id", "region_id", "year", "cell", "field", "old",
                                     "new", "reason", "source", "task_id", "user_id", "at"],
                [(ids[key], key[0], key[1], key[2], cell_key(c), f, old, new, reason, source, None, user_id, stamp)
                 for key, c, f, old, new in history])  # fmt: skip
        if creates or updates:
            data_changed()  # plain SQL: no signal tells the dashboards
    result.created, result.updated = len(creates), len(updates)


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    quote = connection.ops.quote_name
    _execute(
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})",
        rows,
    )


def _update(model, columns: list[str], rows: list[tuple]) -> None:
    """UPDATE … WHERE id = %s per row (the last value of each tuple is the id); bulk_update's CASE
    expressions take minutes for a province-sized file."""
    quote = connection.ops.quote_name
    _execute(
        f"UPDATE {quote(model._meta.db_table)} SET {', '.join(f'{quote(c)} = %s' for c in columns)} "
        f"WHERE {quote('id')} = %s",
        rows,
    )


def _execute(sql: str, rows: list[tuple], batch: int = 5000) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            cursor.executemany(sql, rows[start : start + batch])
