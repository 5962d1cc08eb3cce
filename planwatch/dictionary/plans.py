"""Bridges from parsed plans (planwatch.parsing.model, PLAN.json files) to matching and alignment inputs."""

from __future__ import annotations

import json
from pathlib import Path

from planwatch.parsing import model as pm

from .alignment import AlignTarget
from .errors import AlignmentInputError
from .matching import Match, Matcher, Query


def query_for(ind: pm.Indicator, population: str) -> Query:
    return Query(name=ind.name, unit=ind.unit or ind.target.unit or "", population=population, area=ind.area)


def link_parsed_plan(plan: pm.Plan, matcher: Matcher) -> list[tuple[pm.Indicator, Match]]:
    return [(ind, matcher.match(query_for(ind, plan.population))) for ind in plan.indicators]


def _milestone(t: pm.Target) -> dict:
    return {
        "year": t.year,
        "kind": t.kind,
        "comparator": t.comparator,
        "value": t.value,
        "unit": t.unit,
        "text": t.text,
    }


def targets_from_parsed(plan: pm.Plan, matcher: Matcher) -> tuple[list[AlignTarget], list[str]]:
    """Alignment targets of a parsed plan; indicators without an accepted link are returned by name as well."""
    targets, unsure = [], []
    for ind, m in link_parsed_plan(plan, matcher):
        code = m.code if m.accepted else None
        if m.code and not m.accepted:
            unsure.append(f"{ind.name}（建议 {m.code}，置信度 {m.confidence:.2f}，需人工确认）")
        targets.append(
            AlignTarget(
                code=code,
                name=ind.name,
                kind=ind.target.kind,
                comparator=ind.target.comparator,
                value=ind.target.value,
                unit=ind.target.unit or ind.unit,
                year=ind.target.year or plan.period[1],
                text=ind.target.text,
                direction=ind.direction,
                detail=dict(ind.target.detail or {}),
                milestones=[_milestone(t) for t in ind.milestones],
                source=f"第 {ind.line} 行" if ind.line else "",
            )
        )
    return targets, unsure


def read_plan_json(path: Path | str) -> pm.Document:
    """A ``planwatch plan parse --json`` file; AlignmentInputError (Chinese) when it is not one."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise AlignmentInputError(f"{path}：文件不存在") from exc
    except UnicodeDecodeError as exc:
        raise AlignmentInputError(
            f"{path.name}：不是 UTF-8 文本，不是 planwatch plan parse --json 的输出"
        ) from exc
    except json.JSONDecodeError as exc:
        raise AlignmentInputError(
            f"{path.name}：第 {exc.lineno} 行 JSON 格式错误（{exc.msg}），不是 planwatch plan parse --json 的输出"
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("plans"), list):
        raise AlignmentInputError(f"{path.name}：缺少「plans」列表，不是 planwatch plan parse --json 的输出")
    try:
        return pm.from_json(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise AlignmentInputError(
            f"{path.name}：规划数据不完整（{exc}），不是 planwatch plan parse --json 的输出"
        ) from exc


def plan_of(doc: pm.Document, population: str | None, label: str) -> pm.Plan:
    """The plan of ``population`` in a document (the only plan when population is None)."""
    if not doc.plans:
        raise AlignmentInputError(f"{label}：文件中没有规划")
    if population is None:
        if len(doc.plans) > 1:
            pops = "、".join(p.population for p in doc.plans)
            raise AlignmentInputError(f"{label}：文件含多个规划（{pops}），请用 --population 指定")
        return doc.plans[0]
    for p in doc.plans:
        if p.population == population:
            return p
    raise AlignmentInputError(f"{label}：文件中没有{'妇女' if population == 'women' else '儿童'}规划")


def series_keys(plan: pm.Plan, matcher: Matcher) -> list[str | None]:
    """Assessment series keys for a plan's indicators, in order: the dictionary code for one indicator per code.

    A plan may state one indicator twice (专栏 table row and goal sentence); the table row (else the first)
    carries the code so that it rolls up with other plans' series; the repeat gets ``CODE#2`` and unlinked or
    unconfirmed indicators get None (the caller keeps its own per-plan key for them).
    """
    matches = [matcher.match(query_for(ind, plan.population)) for ind in plan.indicators]
    order = sorted(range(len(plan.indicators)), key=lambda i: (plan.indicators[i].origin != "table", i))
    keys: list[str | None] = [None] * len(plan.indicators)
    seen: dict[str, int] = {}
    for i in order:
        m = matches[i]
        if not (m.accepted and m.code):
            continue
        seen[m.code] = seen.get(m.code, 0) + 1
        keys[i] = m.code if seen[m.code] == 1 else f"{m.code}#{seen[m.code]}"
    return keys
