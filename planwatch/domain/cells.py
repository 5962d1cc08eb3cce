"""Disaggregation cells: a value is indicator × region × year × (sex, age group, urban/rural).

A cell is the (sex, age_group, area_type) triple that observations store; its *key* is the short string the
form fields, workbooks and files use ("total", "female", "age:0-5岁").
"""

from __future__ import annotations

from typing import NamedTuple

SEXES: tuple[str, ...] = ("total", "female", "male")
AREA_TYPES: tuple[str, ...] = ("total", "urban", "rural")
SEX_LABELS: dict[str, str] = {"total": "合计", "female": "女", "male": "男"}
AREA_LABELS: dict[str, str] = {"total": "合计", "urban": "城镇", "rural": "农村"}


class Cell(NamedTuple):
    sex: str = "total"
    age_group: str = ""
    area_type: str = "total"


TOTAL = Cell()
FEMALE = Cell(sex="female")
MALE = Cell(sex="male")
URBAN = Cell(area_type="urban")
RURAL = Cell(area_type="rural")
# The pairs whose parts make up the total: female + male, urban + rural.
SPLITS: tuple[tuple[Cell, Cell, str], ...] = ((FEMALE, MALE, "分性别"), (URBAN, RURAL, "分城乡"))

_FIXED = {"total": TOTAL, "female": FEMALE, "male": MALE, "urban": URBAN, "rural": RURAL}
CELL_LABELS = {"total": "合计", "female": "女", "male": "男", "urban": "城镇", "rural": "农村"}


def age_cell(group: str) -> Cell:
    return Cell(age_group=group)


def cell_key(cell: Cell) -> str:
    if cell.age_group:
        return f"age:{cell.age_group}"
    if cell.sex != "total":
        return cell.sex
    return cell.area_type


def cell_from_key(key: str) -> Cell:
    if key.startswith("age:"):
        return age_cell(key[4:])
    try:
        return _FIXED[key]
    except KeyError:
        raise ValueError(f"未知单元格「{key}」") from None


def cell_label(cell: Cell) -> str:
    if cell.age_group:
        return cell.age_group
    return CELL_LABELS[cell_key(cell)]


def breakdown_label(sex: str, area_type: str, age_group: str = "") -> str:
    """ "女·农村·0-5岁" for a result row; empty for the total."""
    parts = [
        SEX_LABELS[sex] if sex != "total" else "",
        AREA_LABELS[area_type] if area_type != "total" else "",
    ]
    return "·".join(p for p in (*parts, age_group) if p)
