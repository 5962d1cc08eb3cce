"""The disaggregation cells of one indicator row: 合计, 女/男, 城镇/农村 and age groups.

A cell is the (sex, age_group, area_type) triple that Observation stores; its *key* is the short string the
form fields and the workbook use ("total", "female", "age:0-5岁").
"""

from typing import NamedTuple


class Cell(NamedTuple):
    sex: str = "total"
    age_group: str = ""
    area_type: str = "total"


TOTAL = Cell()
FEMALE = Cell(sex="female")
MALE = Cell(sex="male")
URBAN = Cell(area_type="urban")
RURAL = Cell(area_type="rural")

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
