"""planwatch export --region: one sheet per kind, frozen headers, only the region's own rows."""

import io

import openpyxl
import pytest
from click.testing import CliRunner

from planwatch.apps.reporting.models import Observation, ObservationHistory
from planwatch.cli import cli

from .test_dump_restore import filled

pytestmark = pytest.mark.django_db


def test_region_workbook(data_dir, tmp_path):  # noqa: F811
    w = filled()
    Observation.objects.create(indicator=w.mmr, region=w.other_county, year=2023, value=9, status="approved")
    path = tmp_path / "county.xlsx"
    out = CliRunner().invoke(cli, ["export", "--region", "500116", "-o", str(path)])
    assert out.exit_code == 0, out.output
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    assert book.sheetnames == ["规划", "指标与目标", "监测数据", "填报任务", "修改记录"]
    assert all(ws.freeze_panes == "A2" for ws in book.worksheets)
    obs = list(book["监测数据"].values)
    header = obs[0]
    assert header[:6] == ("指标ID", "指标名称", "地区代码", "地区", "年份", "性别")
    rows = [dict(zip(header, r, strict=True)) for r in obs[1:]]
    assert len(rows) == Observation.objects.filter(region=w.county).count()
    assert {r["地区代码"] for r in rows} == {"500116"}  # not 大渡口区
    assert {r["审核状态"] for r in rows} >= {"已审核"}
    kids = next(r for r in rows if r["指标名称"] == "在园幼儿数" and r["性别"] == "女")
    assert kids["数值"] == 60
    indicators = list(book["指标与目标"].values)
    assert ("孕产妇死亡率", "1/10万") in {(r[4], r[5]) for r in indicators[1:]}
    assert (
        len(list(book["修改记录"].values)) - 1 == ObservationHistory.objects.filter(region=w.county).count()
    )
    assert [r[5] for r in list(book["填报任务"].values)[1:]].count("已审核") == 1


def test_export_bad_input(data_dir, tmp_path):  # noqa: F811
    filled()
    runner = CliRunner()
    out = runner.invoke(cli, ["export", "--region", "999999", "-o", str(tmp_path / "x.xlsx")])
    assert out.exit_code == 1 and "999999 不存在" in out.output
    out = runner.invoke(cli, ["export", "--region", "500116", "-o", str(tmp_path / "x.csv")])
    assert out.exit_code == 2 and "应为 .xlsx" in out.output
    out = runner.invoke(cli, ["export", "--region", "500116", "-o", str(tmp_path / "no" / "such" / "x.xlsx")])
    assert out.exit_code == 1 and "无法写入" in out.output
