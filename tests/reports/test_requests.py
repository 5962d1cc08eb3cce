"""Which requests are refused before anything is queued, and with which message."""

import pytest

from planwatch.apps.reports.kinds import ReportRequestError, annual_years, check_request, stage_years


def refused(world, kind, fmt, year, **options) -> str:
    with pytest.raises(ReportRequestError) as info:
        check_request(kind, fmt, world.plan, world.county, year, options)
    return str(info.value)


def test_years_of_each_kind(world):
    import datetime as dt

    assert stage_years(world.plan) == {2025: "中期评估", 2030: "终期评估"}
    assert annual_years(world.plan, dt.date(2026, 5, 1)) == list(range(2020, 2027))
    assert annual_years(world.plan, dt.date(2040, 1, 1))[-1] == 2030
    assert check_request("annual", "pdf", world.plan, world.county, "2024", {}) == (2024, {})
    assert check_request("evaluation", "docx", world.plan, world.county, 2025, {}) == (2025, {})


def test_bad_years(world):
    assert refused(world, "annual", "docx", "二〇二四") == "年份“二〇二四”不是数字，请填写四位年份，如 2024"
    assert refused(world, "annual", "docx", "") == "年份“”不是数字，请填写四位年份，如 2024"
    assert "2019年不在可生成的范围内" in refused(world, "annual", "docx", 2019)
    assert "2099年不在可生成的范围内" in refused(world, "tables", "xlsx", 2099)
    assert refused(world, "evaluation", "docx", 2024) == (
        "评估报告只在 2025年（中期评估）、2030年（终期评估） 编写，不能选 2024 年"
    )


def test_bad_kinds_and_formats(world):
    assert refused(world, "budget", "docx", 2024) == "没有“budget”这种报告"
    assert refused(world, "tables", "pdf", 2024) == "数据报表只提供 Excel（.xlsx） 格式，不能生成“pdf”"
    assert "不能生成“xlsx”" in refused(world, "annual", "xlsx", 2024)


def test_comparison_options(world):
    ids = [world.mmr.pk, world.hosp.pk]
    assert check_request("comparison", "docx", world.plan, world.county, 2024,
                         {"level": "town", "indicator_ids": [str(i) for i in ids]}) == (
        2024, {"level": "town", "indicator_ids": sorted(ids)})  # fmt: skip
    assert refused(world, "comparison", "docx", 2024, level="county", indicator_ids=ids) == (
        "请选择比较的地区级别（江津区下有：乡镇级）"
    )
    assert (
        refused(world, "comparison", "docx", 2024, level="town", indicator_ids=[])
        == "请至少勾选一项要比较的指标"
    )
    assert (
        refused(world, "comparison", "docx", 2024, level="town", indicator_ids=["x"])
        == "所选指标编号无效，请重新勾选指标"
    )
    assert refused(
        world, "comparison", "docx", 2024, level="town", indicator_ids=list(range(1, 40))
    ).startswith("一份比较报告最多比较 30 项指标")
    from planwatch.apps.plans.models import Indicator

    foreign = Indicator.objects.exclude(plan=world.plan).values_list("pk", flat=True).first() or 999999
    assert "所选指标不属于" in refused(
        world, "comparison", "docx", 2024, level="town", indicator_ids=[foreign]
    )
    # a town has nothing below it
    with pytest.raises(ReportRequestError, match="几江街道下面没有登记下级地区"):
        check_request(
            "comparison", "docx", world.plan, world.town, 2024, {"level": "town", "indicator_ids": ids}
        )
