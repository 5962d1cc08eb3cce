"""The web form of a task: rows for the template and POST data back to RowInput, with the same cell keys
as the workbook so both channels feed the same service."""

from __future__ import annotations

from dataclasses import dataclass, field

from planwatch.apps.reporting.models import Assignment, Task
from planwatch.apps.reporting.services import previous_values, rollup_values, stored_cells, task_assignments
from planwatch.domain.cells import (
    CELL_LABELS,
    FEMALE,
    MALE,
    RURAL,
    TOTAL,
    URBAN,
    Cell,
    age_cell,
    cell_from_key,
    cell_key,
    cell_label,
)
from planwatch.reporting_rules import Problem, RawCell, RowInput, number_text
from planwatch.site.ids import parse_id

COLUMNS = [TOTAL, FEMALE, MALE, URBAN, RURAL]


def _rounded(value: float | None) -> str:
    """A roll-up shown beside an input, not typed into it: two decimals are enough (86.67, not 86.666…)."""
    return number_text(None if value is None else round(value, 2))


@dataclass
class FormCell:
    name: str  # input name
    value: str
    active: bool  # asked for by the assignment
    previous: str = ""
    rollup: str = ""
    label: str = ""


@dataclass
class FormRow:
    assignment: Assignment
    cells: list[FormCell]
    numerator: FormCell
    denominator: FormCell
    explanation: FormCell
    previous: str
    ages: list[tuple[str, FormCell]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def indicator(self):
        return self.assignment.indicator


def build_rows(
    task: Task, posted=None, problems: list[Problem] | None = None
) -> list[tuple[str, list[FormRow]]]:
    """Rows grouped by area; ``posted`` (a QueryDict) overrides stored values when a save was refused."""
    assignments = task_assignments(task)
    ids = [a.indicator_id for a in assignments]
    stored = stored_cells(task, ids, task.round.year)
    previous = previous_values(task, ids)
    rollup = rollup_values(task, ids)
    by_name: dict[str, list[Problem]] = {}
    for p in problems or []:
        by_name.setdefault(p.indicator, []).append(p)

    def value(name: str, stored_value) -> str:
        if posted is not None and name in posted:
            return posted.get(name, "")
        return stored_value

    groups: dict[str, list[FormRow]] = {}
    for a in assignments:
        iid = a.indicator_id
        cells = stored.get(iid, {})
        prev, up = previous.get(iid, {}), rollup.get(iid, {})
        wanted = {TOTAL} | ({FEMALE, MALE} if a.by_sex else set()) | ({URBAN, RURAL} if a.by_area else set())

        def form_cell(cell: Cell, *, active: bool, iid=iid, cells=cells, prev=prev, up=up) -> FormCell:
            name = f"v-{iid}-{cell_key(cell)}"
            obs = cells.get(cell)
            shown = value(name, number_text(obs.value) if obs else "")
            return FormCell(
                name, shown, active, number_text(prev.get(cell)), _rounded(up.get(cell)), cell_label(cell)
            )

        total = cells.get(TOTAL)
        explanation = next((o.explanation for o in cells.values() if o.explanation), "")
        row = FormRow(
            assignment=a,
            cells=[form_cell(c, active=c in wanted) for c in COLUMNS],
            numerator=FormCell(
                f"n-{iid}", value(f"n-{iid}", number_text(total.numerator) if total else ""), a.with_fraction
            ),
            denominator=FormCell(
                f"d-{iid}",
                value(f"d-{iid}", number_text(total.denominator) if total else ""),
                a.with_fraction,
            ),
            explanation=FormCell(f"x-{iid}", value(f"x-{iid}", explanation), True),
            previous=number_text(prev.get(TOTAL)),
            ages=[(g, form_cell(age_cell(g), active=True)) for g in a.age_group_list()],
            problems=by_name.pop(a.indicator.name, []),
        )
        groups.setdefault(a.indicator.area.name if a.indicator.area else "其他", []).append(row)
    return list(groups.items())


def rows_from_post(post) -> dict[int, RowInput]:
    """Every posted cell, grouped by indicator id; foreign ids are kept so the service can refuse them."""
    rows: dict[int, RowInput] = {}
    for name, raw in post.items():
        kind, _, rest = name.partition("-")
        if kind not in ("v", "n", "d", "x") or not rest:
            continue
        iid_text, _, key = rest.partition("-")
        iid = parse_id(iid_text)
        if iid is None:  # not an id, or beyond any id: no indicator (and no query) for it
            continue
        row = rows.setdefault(iid, RowInput())
        if kind == "v":
            try:
                row.cells[cell_from_key(key)] = RawCell(raw)
            except ValueError:
                continue
        elif kind == "n":
            row.numerator = RawCell(raw)
        elif kind == "d":
            row.denominator = RawCell(raw)
        else:
            row.explanation = raw
    return rows


HEADERS = [CELL_LABELS[cell_key(c)] for c in COLUMNS]
