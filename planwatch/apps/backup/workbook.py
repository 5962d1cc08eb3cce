"""A plain Excel copy of everything a region (and its sub-regions) owns, for the office: one sheet per kind,
frozen header row, choice codes shown as their Chinese labels. Rows are picked by the same rules as a
region's archive (scope.OWNED), written in openpyxl's streaming mode."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import BinaryIO

from django.db import models
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from planwatch.apps.plans.models import Indicator, Plan
from planwatch.apps.regions.models import Region
from planwatch.apps.reporting.models import Observation, ObservationHistory, Task

from . import scope

# (sheet, model, [(header, lookup)]): a lookup through foreign keys; a field with choices shows its label
SHEETS = [
    ("规划", Plan, [("规划编号", "id"), ("规划名称", "title"), ("地区代码", "region__code"), ("地区", "region__name"),
                  ("对象", "population"), ("起始年", "period_start"), ("目标年", "period_end"), ("状态", "status"),
                  ("发布机关", "issuer"), ("发文字号", "doc_number")]),
    ("指标与目标", Indicator, [("指标ID", "id"), ("规划编号", "plan_id"), ("领域", "area__name"), ("序号", "seq"),
                          ("指标名称", "name"), ("单位", "unit"), ("方向", "direction"), ("指标属性", "attribute"),
                          ("目标原文", "target_text"), ("目标类型", "target_kind"), ("比较符", "target_comparator"),
                          ("目标值", "target_value"), ("目标年", "target_year"), ("基期年", "baseline_year"),
                          ("基期值", "baseline_value"), ("阶段目标", "milestones"), ("责任单位", "departments_text")]),
    ("监测数据", Observation, [("指标ID", "indicator_id"), ("指标名称", "indicator__name"), ("地区代码", "region__code"),
                          ("地区", "region__name"), ("年份", "year"), ("性别", "sex"), ("年龄组", "age_group"),
                          ("城乡", "area_type"), ("数值", "value"), ("分子", "numerator"), ("分母", "denominator"),
                          ("审核状态", "status"), ("波动说明", "explanation"), ("来源", "source"),
                          ("最后修改人", "updated_by__username"), ("更新时间", "updated_at")]),
    ("填报任务", Task, [("任务编号", "id"), ("规划编号", "round__plan_id"), ("年份", "round__year"),
                    ("填报地区", "region__name"), ("部门", "department__name"), ("状态", "status"),
                    ("截止日期", "round__deadline"), ("提交时间", "submitted_at"), ("审核时间", "reviewed_at")]),
    ("修改记录", ObservationHistory, [("时间", "at"), ("指标ID", "indicator_id"), ("指标名称", "indicator__name"),
                                  ("地区", "region__name"), ("年份", "year"), ("单元格", "cell"), ("字段", "field"),
                                  ("原值", "old"), ("新值", "new"), ("修改人", "user__username"), ("来源", "source"),
                                  ("原因", "reason")]),
]  # fmt: skip
MAX_CELL = 32_000  # Excel's limit is 32,767 characters


def _field(model: type[models.Model], lookup: str) -> models.Field:
    *path, last = lookup.split("__")
    for name in path:
        model = model._meta.get_field(name).related_model
    return model._meta.get_field(last)


def _cell(value, choices: dict | None):
    if choices is not None and value in choices:
        return str(choices[value])
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)[:MAX_CELL]
    if isinstance(value, str):
        return value[:MAX_CELL]
    return value


def region_workbook(region: Region, out: BinaryIO | None = None, progress=None) -> bytes | None:
    """The workbook as bytes, or written to ``out`` (a binary file: the office's export job writes it under
    the data directory). ``progress(sheet, n, total)`` is called before each sheet."""
    ids = region.descendant_ids() | {region.pk}
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for n, (title, model, columns) in enumerate(SHEETS, start=1):
        if progress is not None:
            progress(title, n, len(SHEETS))
        ws = wb.create_sheet(title)
        ws.freeze_panes = "A2"
        header = []
        for name, _ in columns:
            cell = WriteOnlyCell(ws, value=name)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        choices = [dict(_field(model, lookup).flatchoices) or None for _, lookup in columns]
        qs = scope.OWNED[scope.label(model)](model._base_manager.all(), ids).order_by("pk")
        for values in qs.values_list(*(lookup for _, lookup in columns)).iterator(chunk_size=2000):
            ws.append([_cell(v, c) for v, c in zip(values, choices, strict=True)])
    if out is not None:
        wb.save(out)
        return None
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
