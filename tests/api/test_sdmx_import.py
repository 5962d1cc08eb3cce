"""SDMX-CSV import: export → import gives the same observations; every bad input is refused whole, with
the SDMX line and column named."""

import pytest
from click.testing import CliRunner

from planwatch.apps.api.sdmx_import import import_sdmx
from planwatch.apps.reporting.models import Observation, ObservationHistory
from planwatch.apps.reporting.services import ValidationFailed
from planwatch.cli import cli

from .conftest import login

HEADER = "STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,INDICATOR,SEX,AGE,URBANISATION,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS"


def cells(qs):
    return sorted(
        (o.indicator_id, o.region_id, o.year, o.sex, o.age_group, o.area_type, o.value, o.status)
        for o in qs
        if o.value is not None
    )


def test_export_then_import_gives_the_same_observations(client, api_world):
    w = api_world
    login(client, w.users["admin"])
    exported = client.get("/api/observations.csv").content
    mine = Observation.objects.filter(region=w.county, status=Observation.Status.APPROVED)
    before = cells(mine)
    assert len(before) >= 4 and any(c[3] != "total" and c[4] for c in before)  # crossed cells too
    ObservationHistory.objects.filter(region=w.county).delete()
    mine.delete()
    result = import_sdmx(exported, "export.csv", w.users["admin"])
    assert result.created == len(before)
    assert cells(Observation.objects.filter(region=w.county, status=Observation.Status.APPROVED)) == before
    again = import_sdmx(exported, "export.csv", w.users["admin"])
    assert again.created == again.updated == 0 and again.unchanged == len(before)


def line(w, indicator=None, sex="_T", age="_T", urb="_T", year="2024", value="12.1", unit="PER_100000",
         area="500116", action="M", structure="PLANWATCH:WCDP(1.0.0)"):  # fmt: skip
    indicator = indicator or f"PW-{w.mmr.pk}"
    return f"dataflow,{structure},{action},{area},{indicator},{sex},{age},{urb},{year},{value},{unit},A"


def refused(w, *lines, header=HEADER, user="admin"):
    count = Observation.objects.count()
    data = "\r\n".join([header, *lines]).encode()
    with pytest.raises(ValidationFailed) as exc:
        import_sdmx(data, "in.csv", w.users[user])
    assert Observation.objects.count() == count  # nothing stored
    return [str(p) for p in exc.value.problems]


@pytest.mark.parametrize(
    "kw, expected",
    [
        ({"sex": "X"}, "第3行 SEX列：性别代码「X」无效"),
        ({"urb": "Z"}, "第3行 URBANISATION列：城乡代码「Z」无效"),
        ({"indicator": "NOPE-1"}, "第3行 INDICATOR列：指标代码「NOPE-1」未知"),
        ({"indicator": "PW-999999"}, "指标代码「PW-999999」不存在"),
        ({"area": "999999"}, "第3行 REF_AREA列：地区代码「999999」不在行政区划库中"),
        ({"year": "2024-Q1"}, "第3行 TIME_PERIOD列：年份「2024-Q1」无效"),
        ({"unit": "PT"}, "第3行 UNIT_MEASURE列：单位「PT」与指标的单位「1/10万」"),
        ({"action": "D"}, "不支持删除数据（ACTION=D）"),
        ({"structure": "OTHER:DSD(1.0)"}, "数据结构「OTHER:DSD(1.0)」不是 PLANWATCH:WCDP(1.0.0)"),
        ({"value": "约十二"}, "第3行 OBS_VALUE"),
        ({"area": "500104"}, "第3行：无权导入大渡口区的数据"),
    ],
)
def test_bad_rows_are_refused_with_the_place(api_world, kw, expected):
    w = api_world
    problems = refused(w, line(w, year="2022"), line(w, **kw))
    assert any(expected in p for p in problems), problems


def test_text_in_obs_value_names_the_line(api_world):
    w = api_world
    problems = refused(w, line(w, value="十二"))
    assert any("第2行 OBS_VALUE" in p and "数" in p for p in problems), problems


def test_duplicates_and_columns(api_world):
    w = api_world
    problems = refused(w, line(w), line(w, value="13"))
    assert any("第3行" in p and "与第2行重复" in p for p in problems), problems
    problems = refused(w, line(w), header=HEADER.replace(",OBS_VALUE", ",VALUE"))
    assert any("缺少列：OBS_VALUE" in p and "未知的列：VALUE" in p for p in problems), problems
    problems = refused(w, header="")
    assert any("文件为空" in p for p in problems), problems
    problems = refused(w, line(w), user="other_monitor")
    assert any("无权导入" in p for p in problems), problems


def test_dictionary_codes_resolve_to_the_regions_indicator(api_world):
    w = api_world
    import_sdmx("\r\n".join([HEADER, line(w, indicator="TST-MMR", year="2024")]).encode(), "a.csv",
                w.users["admin"])  # fmt: skip
    assert Observation.objects.get(indicator=w.mmr, region=w.county, year=2024).value == 12.1


def test_cli_import_sdmx(api_world, tmp_path):
    w = api_world
    path = tmp_path / "in.csv"
    path.write_text("\r\n".join([HEADER, line(w, year="2027")]))
    runner = CliRunner()
    out = runner.invoke(cli, ["data", "import-sdmx", str(path), "--user", "admin1"])
    assert out.exit_code == 0, out.output
    assert "新增 1 个单元格" in out.output
    path.write_text("\r\n".join([HEADER, line(w, year="2025", sex="Q")]))
    out = runner.invoke(cli, ["data", "import-sdmx", str(path), "--user", "admin1"])
    assert out.exit_code == 1 and "性别代码「Q」无效" in out.output and "未保存任何数据" in out.output
    out = runner.invoke(cli, ["data", "import-sdmx", str(path), "--user", "nobody"])
    assert out.exit_code == 1 and "用户 nobody 不存在" in out.output
