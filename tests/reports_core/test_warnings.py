"""The early-warning list: a gap that widened on the female/male or rural/urban cells is listed with the
indicator's responsible departments, not only the headline's warnings."""

import io
import json

import docx
import pytest

from planwatch.reports import batch, build_annual_report
from planwatch.reports.annual import warning_rows

from .conftest import FIX


@pytest.fixture(scope="module")
def gapped(tmp_path_factory):
    d = tmp_path_factory.mktemp("gap")
    plan = json.loads((FIX / "plan.json").read_text(encoding="utf-8"))
    found = [i for i in _indicators(plan) if i["name"] == "孕产妇系统管理率"]
    assert found
    found[0]["departments"] = ["卫生健康委", "医保局"]
    (d / "plan.json").write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    extra = [
        # rural—urban gap 4 → 9 points: widening; the female—male gap stays 0: no warning
        "孕产妇系统管理率,A县,2022,91.0,total,rural,,",
        "孕产妇系统管理率,A县,2022,95.0,total,urban,,",
        "孕产妇系统管理率,A县,2023,88.0,total,rural,,",
        "孕产妇系统管理率,A县,2023,97.0,total,urban,,",
        "村委会成员中女性比例,A县,2022,23.0,female,total,,",
        "村委会成员中女性比例,A县,2022,23.0,male,total,,",
        "村委会成员中女性比例,A县,2023,22.0,female,total,,",
        "村委会成员中女性比例,A县,2023,22.0,male,total,,",
    ]
    obs = (FIX / "obs.csv").read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(extra) + "\n"
    (d / "obs.csv").write_text(obs, encoding="utf-8")
    return batch.annual(batch.load(d / "plan.json", d / "obs.csv", FIX / "regions.csv"), "A县", 2023)


def _indicators(node):
    """Every indicator dict of the plan, wherever it is nested."""
    if isinstance(node, dict):
        if "target" in node and "name" in node:
            yield node
        for v in node.values():
            yield from _indicators(v)
    elif isinstance(node, list):
        for v in node:
            yield from _indicators(v)


def test_a_widening_rural_urban_gap_is_a_warning_row_with_departments(gapped):
    rows = warning_rows(gapped.indicators, 2023)
    gap = [r for r in rows if r[2].startswith("孕产妇系统管理率（")]
    assert len(gap) == 1, rows
    row = gap[0]
    assert row[2] == "孕产妇系统管理率（农村与城镇）"
    assert row[3] == "农村88%、城镇97%"
    assert row[6] == "城乡差距扩大（农村比城镇低9个百分点，上年低4个百分点）"
    assert row[7] == "卫生健康委、医保局"
    # a flat female/male gap is no warning; the headline warnings are still listed
    assert not any(r[2].startswith("村委会成员中女性比例（") for r in rows)
    assert any(r[2] == "村委会成员中女性比例" for r in rows)


def test_the_gap_warning_is_in_the_docx_and_the_summary(gapped):
    d = docx.Document(io.BytesIO(build_annual_report(gapped)))
    table = next(
        t for t in d.tables if t.rows[0].cells[0].text == "序号" and t.rows[0].cells[6].text == "预警"
    )
    texts = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert any(r[2] == "孕产妇系统管理率（农村与城镇）" and r[7] == "卫生健康委、医保局" for r in texts)
    summary = next(p.text for p in d.paragraphs if p.text.startswith("主要预警。"))
    assert "性别或城乡差距扩大1项（孕产妇系统管理率）" in summary


def test_the_data_table_shows_the_warning_on_its_cell(gapped):
    import openpyxl

    from planwatch.reports import build_data_tables

    ws = openpyxl.load_workbook(io.BytesIO(build_data_tables(gapped)))["妇女与健康"]
    header = [c.value for c in ws[2]]
    col = header.index("预警")
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    rural = next(r for r in rows if r[1] == "孕产妇系统管理率" and r[4] == "农村")
    assert "差距扩大" in rural[col]
    total = next(r for r in rows if r[1] == "孕产妇系统管理率" and r[4] == "合计")
    assert "差距扩大" not in (total[col] or "")
