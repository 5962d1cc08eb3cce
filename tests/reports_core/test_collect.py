"""collect.py: report data from the database — approved observations only, the engine's judgement, the
responsible departments, implementation reports by area, the sub-regions of a level."""

import io

import docx
import pytest
from django.core.files.base import ContentFile

from planwatch.apps.plans.models import Indicator, Strategy
from planwatch.apps.reporting.models import ImplementationReport, Observation
from planwatch.apps.reports import collect
from planwatch.reports import build_annual_report, build_evaluation_report
from planwatch.reports.inputs import ReportInputError


def observe(indicator, where, year, value, status=Observation.Status.APPROVED, **kw):
    return Observation.objects.create(
        indicator=indicator, region=where, year=year, value=value, status=status, **kw
    )


@pytest.fixture
def data(world):
    w = world
    Indicator.objects.filter(pk=w.mmr.pk).update(
        target_kind="numeric_max", target_comparator="<=", target_value=12, target_year=2030,
        direction="lower_is_better", attribute="binding",
    )  # fmt: skip
    Indicator.objects.filter(pk=w.hosp.pk).update(target_comparator=">=", target_value=95, target_year=2030)
    Indicator.objects.filter(pk=w.enrol.pk).update(target_kind="qualitative", target_text="普及学前教育")
    for year, v in zip(range(2021, 2025), (11.0, 11.5, 12.6, 14.2), strict=True):
        observe(w.mmr, w.county, year, v)
    observe(w.mmr, w.county, 2025, 1.0, status=Observation.Status.SUBMITTED)  # not reviewed: never counted
    for year, (f, m) in zip(range(2022, 2025), ((96, 97), (97, 97.5), (97.5, 99)), strict=True):
        observe(w.hosp, w.county, year, (f + m) / 2)
        observe(w.hosp, w.county, year, f, sex="female")
        observe(w.hosp, w.county, year, m, sex="male")
    observe(w.hosp, w.town, 2024, 93.0, numerator=930, denominator=1000)
    Strategy.objects.create(area=w.mmr.area, seq=1, text="加强危重孕产妇救治体系建设")
    return w


def test_annual_data_from_approved_observations(data):
    w = data
    annual = collect.annual_data(w.plan, w.county, 2024)
    by_name = {i.name: i for i in annual.indicators}
    mmr = by_name["孕产妇死亡率"]
    assert mmr.value == 14.2 and mmr.status == "not_met" and "binding_missed" in mmr.warnings
    assert mmr.history == {2021: 11.0, 2022: 11.5, 2023: 12.6, 2024: 14.2}
    assert mmr.departments == ["区卫生健康委"]
    hosp = by_name["住院分娩率"]
    assert hosp.cell(sex="female").values[2024] == 97.5 and hosp.cell(sex="male").values[2024] == 99
    assert by_name["在园幼儿数"].status == "no_data"
    assert by_name["学前教育毛入园率"].kind == "qualitative"  # listed in the qualitative table
    assert annual.areas == ["儿童与健康", "儿童与教育"] and annual.region == "江津区"
    assert annual.author == "江津区妇女儿童工作委员会办公室"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(build_annual_report(annual))).paragraphs)
    assert "孕产妇死亡率为14.2/10万" in text and "女性为97.5%、男性为99%，女性比男性低1.5个百分点" in text


def test_a_year_without_data_is_refused(data):
    with pytest.raises(
        ReportInputError, match="江津区2019年没有任何监测数据（有数据的年份：2021、2022、2023、2024）"
    ):
        collect.annual_data(data.plan, data.county, 2019)
    with pytest.raises(
        ReportInputError, match="江津区2025年没有任何监测数据"
    ):  # 2025 is only submitted, not approved
        collect.annual_data(data.plan, data.county, 2025)


def test_evaluation_data_with_drafts_and_implementation_reports(data, round_, tasks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    task = tasks["区卫生健康委"]
    ImplementationReport.objects.create(
        task=task, title="2023年妇女儿童发展规划实施情况", original_name="实施情况.txt", size=60,
        file=ContentFile("2023年，区卫生健康委全面落实母婴安全五项制度。".encode(), name="r.txt"),
    )  # fmt: skip
    ev = collect.evaluation_data(data.plan, data.county, 2024,
                                 drafts={"problems": "危重孕产妇救治能力不足。", "recommendations": "", "experience": "部门协作。"})  # fmt: skip
    assert (
        ev.stage == "midterm" and ev.problems == "危重孕产妇救治能力不足。" and ev.experience == "部门协作。"
    )
    [item] = ev.implementation
    assert item.department == "区卫生健康委" and item.year == 2023 and item.areas == ["儿童与健康"]
    assert item.excerpt.startswith("2023年，区卫生健康委全面落实母婴安全五项制度")
    assert [s.text for s in ev.strategies] == ["加强危重孕产妇救治体系建设"]
    doc = docx.Document(io.BytesIO(build_evaluation_report(ev)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "区卫生健康委《2023年妇女儿童发展规划实施情况》（2023年）：2023年，区卫生健康委全面落实" in text
    with pytest.raises(ReportInputError, match="未知的评估报告章节：summary"):
        collect.evaluation_data(data.plan, data.county, 2024, drafts={"summary": "x"})


def test_comparison_of_the_towns(data):
    w = data
    cmp = collect.comparison_data(w.plan, w.county, "town", 2024, [w.hosp.pk])
    assert cmp.level == "乡镇（街道）" and cmp.parent_region == "江津区"
    [hosp] = cmp.indicators
    assert [(r.name, r.value, r.status) for r in hosp.values] == [("几江街道", 93.0, "near")]
    with pytest.raises(ReportInputError, match="江津区没有层级为「区县」的下级地区"):
        collect.comparison_data(w.plan, w.county, "county", 2024, [w.hosp.pk])
    with pytest.raises(ReportInputError, match="没有编号为 999999 的指标"):
        collect.comparison_data(w.plan, w.county, "town", 2024, [999999])
    with pytest.raises(ReportInputError, match="所属乡镇（街道）2019年没有任何监测数据"):
        collect.comparison_data(w.plan, w.county, "town", 2019, [w.hosp.pk])


def test_cli_database_mode(data, tmp_path):
    from click.testing import CliRunner

    from planwatch.cli import cli

    w = data
    run = lambda *a: CliRunner().invoke(cli, ["report", *map(str, a)])  # noqa: E731
    out = tmp_path / "a.docx"
    res = run("annual", "--plan-id", w.plan.pk, "--region", w.county.code, "--year", 2024, "-o", out)
    assert res.exit_code == 0, res.output
    assert any("孕产妇死亡率为14.2/10万" in p.text for p in docx.Document(out).paragraphs)
    res = run(
        "tables", "--plan-id", w.plan.pk, "--year", 2024, "-o", tmp_path / "t.xlsx"
    )  # default: the plan's region
    assert res.exit_code == 0, res.output
    out = tmp_path / "c.docx"
    res = run("compare", "--plan-id", w.plan.pk, "--parent", w.county.code, "--level", "town", "--indicator", w.hosp.pk,
              "--year", 2024, "-o", out)  # fmt: skip
    assert res.exit_code == 0, res.output
    assert any(p.text == "（一）住院分娩率" for p in docx.Document(out).paragraphs)
    res = run("annual", "--plan-id", 999999, "--year", 2024, "-o", tmp_path / "x.docx")
    assert res.exit_code == 1 and "规划 999999 不存在" in res.output
    res = run("annual", "--plan-id", w.plan.pk, "--year", 2019, "-o", tmp_path / "x.docx")
    assert res.exit_code == 1 and "江津区2019年没有任何监测数据" in res.output
    res = run(
        "compare",
        "--plan-id",
        w.plan.pk,
        "--parent",
        w.county.code,
        "--year",
        2024,
        "-o",
        tmp_path / "x.docx",
    )
    assert res.exit_code == 2 and "数据库模式需要 --level" in res.output
    res = run("compare", "--plan-id", w.plan.pk, "--parent", w.county.code, "--level", "town", "--indicator", "住院分娩率",
              "--year", 2024, "-o", tmp_path / "x.docx")  # fmt: skip
    assert res.exit_code == 2 and "应为指标编号" in res.output
    assert not (tmp_path / "x.docx").exists()
