"""Batch mode (no database): PLAN.json (``planwatch plan parse --json``) + OBS.csv (+ an optional region tree)
→ the assessment → report data. Every input problem is a ``ReportInputError`` with a Chinese message naming
the file; bad CSV rows are kept as ``problems`` (line numbers) like ``planwatch assess`` does."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from planwatch.assessment import assess
from planwatch.assessment.baselines import with_plan_baselines
from planwatch.assessment.due import with_unreported_indicators
from planwatch.assessment.io import InputError, Problem, read_observations, read_regions, specs_from_document
from planwatch.assessment.spec import IndicatorSpec
from planwatch.parsing.model import from_json

from . import inputs
from .inputs import ReportInputError
from .model import LEVEL_LABELS, AnnualReportData, ComparisonReportData, StrategyItem

MAX_PLAN_BYTES = 20 * 2**20
MAX_DATA_BYTES = 200 * 2**20


@dataclass
class BatchInput:
    plan_title: str
    period: tuple[int, int]
    population: str
    areas: list[str]
    strategies: list[StrategyItem]
    specs: list[IndicatorSpec]
    departments: dict[str, list[str]]
    result: pl.DataFrame
    problems: list[Problem] = field(default_factory=list)
    tree: pl.DataFrame | None = None
    names: dict[str, str] = field(default_factory=dict)

    def name(self, code: str) -> str:
        return self.names.get(code) or code


def _readable(path: Path, what: str, limit: int) -> None:
    p = Path(path)
    if not p.exists():
        raise ReportInputError(f"{path}：{what}文件不存在")
    if p.is_dir():
        raise ReportInputError(f"{path}：是目录，不是{what}文件")
    if p.stat().st_size > limit:
        raise ReportInputError(f"{path}：{what}文件超过 {limit // 2**20} MB，过大")


def load(
    plan_path: Path, data_path: Path, regions_path: Path | None = None, plan_no: int | None = None
) -> BatchInput:
    _readable(plan_path, "规划 JSON ", MAX_PLAN_BYTES)
    _readable(data_path, "监测数据 CSV ", MAX_DATA_BYTES)
    if regions_path is not None:
        _readable(regions_path, "地区表 CSV ", MAX_DATA_BYTES)
    try:
        raw = json.loads(Path(plan_path).read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportInputError(f"{plan_path}：不是 UTF-8 编码的 JSON（{exc.__class__.__name__}）") from None
    try:
        plan_input = specs_from_document(raw, str(plan_path))
        doc = from_json(raw)
    except InputError as exc:
        raise ReportInputError(str(exc)) from None
    except (KeyError, TypeError, ValueError) as exc:
        raise ReportInputError(f"{plan_path}：不是 planwatch plan parse --json 的输出格式（{exc}）") from None
    plans = doc.plans
    if plan_no is None and len(plans) > 1:
        listed = "；".join(f"{k}. {p.title}" for k, p in enumerate(plans, start=1))
        raise ReportInputError(f"{plan_path}：含{len(plans)}个规划（{listed}），请用 --plan-no 选择一个")
    k = plan_no or 1
    if not 1 <= k <= len(plans):
        raise ReportInputError(f"{plan_path}：没有第{k}个规划（共{len(plans)}个）")
    plan = plans[k - 1]
    try:
        tree = read_regions(regions_path) if regions_path else None
        known = set(tree["code"].cast(pl.String).to_list()) if tree is not None else None
        obs, problems = read_observations(data_path, plan_input, known)
    except InputError as exc:
        raise ReportInputError(str(exc)) from None
    specs = [s for s in plan_input.specs if s.key.startswith(f"P{k}-") or s.key.startswith("ref:")]
    obs = obs.filter(pl.col("key").is_in([s.key for s in specs]))
    if obs.height == 0:
        raise ReportInputError(f"{data_path}：没有任何属于《{plan.title}》指标的有效数据行")
    obs = with_unreported_indicators(with_plan_baselines(obs, specs, known), specs, None, known)
    try:
        result = assess(specs, obs, tree)
    except ValueError as exc:
        raise ReportInputError(f"{data_path}：{exc}") from None
    names = {}
    if tree is not None and "name" in tree.columns:
        names = {c: n for c, n in zip(tree["code"].to_list(), tree["name"].to_list(), strict=True) if n}
    reported = [s for s in specs if not s.key.startswith("ref:")]
    departments = {}
    for ind_no, ind in enumerate(plan.indicators, start=1):
        if ind.departments:
            departments[f"P{k}-{ind_no}"] = list(ind.departments)
    return BatchInput(
        plan_title=plan.title, period=tuple(plan.period), population=plan.population,
        areas=[a.name for a in sorted(plan.areas, key=lambda a: a.order)],
        strategies=[StrategyItem(area=a.name, text=s.text) for a in plan.areas for s in a.strategies],
        specs=reported, departments=departments, result=result, problems=problems, tree=tree, names=names,
    )  # fmt: skip


def _region(b: BatchInput, region: str) -> None:
    have = set(b.result["region"].cast(pl.String).unique().to_list()) if b.result.height else set()
    if region not in have:
        listed = "、".join(sorted(have)[:20]) + ("等" if len(have) > 20 else "")
        raise ReportInputError(f"地区「{region}」不在监测数据中（数据中的地区：{listed or '无'}）")


def annual(b: BatchInput, region: str, year: int, cls=AnnualReportData, strategies: bool = False, **extra):
    _region(b, region)
    return inputs.annual_data(
        b.specs, b.result, region=region, region_name=b.name(region), year=year, plan_title=b.plan_title,
        period=b.period, population=b.population, areas=b.areas, departments=b.departments,
        strategies=b.strategies if strategies else [], cls=cls, **extra,
    )  # fmt: skip


def comparison(b: BatchInput, parent: str, year: int, indicators: list[str] | None = None,
               level: str | None = None) -> ComparisonReportData:  # fmt: skip
    if b.tree is None:
        raise ReportInputError("比较报告需要地区表 --regions（code,parent[,name,level]），以确定下级地区")
    tree = b.tree.with_columns(pl.col("code").cast(pl.String), pl.col("parent").cast(pl.String))
    if parent not in set(tree["code"].to_list()):
        raise ReportInputError(f"地区「{parent}」不在地区表中")
    children = tree.filter(pl.col("parent") == parent)
    if "level" in tree.columns and level:
        children = children.filter(pl.col("level") == level)
    if children.height == 0:
        raise ReportInputError(
            f"地区表中「{b.name(parent)}」没有下级地区" + (f"（层级 {level}）" if level else "")
        )
    levels = set(children["level"].to_list()) if "level" in children.columns else set()
    label = LEVEL_LABELS.get(level or (levels.pop() if len(levels) == 1 else ""), "下级地区")
    specs = b.specs
    if indicators:
        by_name = {s.name: s for s in b.specs}
        unknown = [n for n in indicators if n not in by_name]
        if unknown:
            raise ReportInputError(f"规划中没有指标：{'、'.join(unknown)}")
        specs = [by_name[n] for n in indicators]
    regions = [(c, b.name(c)) for c in children["code"].to_list()]
    return inputs.comparison_data(specs, b.result, regions=regions, year=year, plan_title=b.plan_title,
                                  parent_region=b.name(parent), level=label)  # fmt: skip
