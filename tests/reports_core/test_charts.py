"""The one chart module: the same spec drawn as a PNG (reports) and as an ECharts option (pages)."""

import io
import json
import warnings

from PIL import Image

from planwatch.reports import charts
from planwatch.reports.comparison import ranked
from planwatch.reports.model import CellSeries, IndicatorResult, Milestone


def rate() -> IndicatorResult:
    return IndicatorResult(
        key="k", name="孕产妇系统管理率", unit="%", kind="numeric_min", comparator=">=", target_value=95,
        target="≥95%", target_year=2030, status="near", value=93.5,
        milestones=[Milestone(year=2025, label="≥94%", value=94)], projections={2025: 94.6, 2030: 98.9},
        cells=[CellSeries(values={2021: 92.0, 2022: 93.0, 2023: 93.5}),
               CellSeries(sex="female", values={2022: 92.5, 2023: 93.0})],
    )  # fmt: skip


def test_trend_spec_has_history_target_milestone_and_projection():
    spec = charts.trend_chart(rate(), 2023)
    assert spec.categories == [str(y) for y in range(2021, 2031)]
    assert [line.name for line in spec.lines] == ["合计", "女性"]
    assert spec.lines[0].values[:3] == [92.0, 93.0, 93.5] and spec.lines[0].values[3:] == [None] * 7
    assert spec.projection[2] == 93.5 and spec.projection[4] == 94.6 and spec.projection[-1] == 98.9
    assert spec.target == 95 and spec.target_label == "目标 ≥95%（2030年）"
    assert [(m.at, m.value) for m in spec.milestones] == [(4, 94)]


def test_a_met_indicator_gets_no_projection_and_qualitative_no_target():
    met = rate()
    met.status = "met"
    assert charts.trend_chart(met, 2023).projection == []
    q = rate()
    q.kind = "qualitative"
    assert charts.trend_chart(q, 2023).target is None


def test_echarts_option_shows_the_same_as_the_png_spec():
    spec = charts.trend_chart(rate(), 2023)
    option = charts.echarts_option(spec)
    json.dumps(option)  # serialisable for json_script
    assert option["xAxis"]["data"] == spec.categories
    head = option["series"][0]
    assert head["data"] == spec.lines[0].values
    assert head["markLine"]["data"][0]["yAxis"] == 95
    assert head["markPoint"]["data"][0]["coord"] == ["2025", 94]
    proj = option["series"][-1]
    assert (
        proj["name"] == "趋势预测"
        and proj["data"] == spec.projection
        and proj["lineStyle"]["type"] == "dashed"
    )


def test_png_renders_with_cjk_glyphs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)" for absent glyphs
        png = charts.render_png(charts.trend_chart(rate(), 2023))
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG" and img.width > 600 and img.height > 250


def test_comparison_bars_are_coloured_by_status(batch_input):
    from planwatch.reports import batch

    data = batch.comparison(batch_input, "测试市", 2023, ["孕产妇系统管理率"])
    order = [r for r in ranked(data.indicators[0]) if r.rank]
    spec = charts.comparison_chart(data.indicators[0], order)
    assert spec.kind == "bar" and spec.categories == ["B县", "A县"]
    assert spec.bar_colors == [charts.STATUS_COLORS["met"], charts.STATUS_COLORS["near"]]
    option = charts.echarts_option(spec)
    assert option["series"][0]["data"][0] == {
        "value": 97.0,
        "itemStyle": {"color": charts.STATUS_COLORS["met"]},
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert charts.render_png(spec)[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_reused_figure_draws_each_chart_as_a_fresh_one(batch_input):
    """The axes are reused without clearing: nothing of the previous chart (lines, bars, labels, legend,
    limits, tick rotation) may leak into the next one."""
    from planwatch.reports import batch

    trend = charts.trend_chart(rate(), 2023)
    short = charts.ChartSpec(title="短序列", unit="岁", categories=["2022", "2023"],
                             lines=[charts.Line(name="合计", values=[78.1, 78.4], main=True)])  # fmt: skip
    ci = batch.comparison(batch_input, "测试市", 2023).indicators[0]
    bar = charts.comparison_chart(ci, [r for r in ranked(ci) if r.rank is not None])
    many = charts.ChartSpec(title="四十个区县", unit="%", kind="bar", categories=[f"区县{k:02d}" for k in range(40)],
                            lines=[charts.Line(name="x", values=[90 + k % 7 for k in range(40)], main=True)],
                            target=95, target_label="目标 ≥95%")  # fmt: skip
    fresh = {}
    for s in (trend, short, bar, many):
        charts._FIGURES.clear()  # a brand-new figure for each
        fresh[id(s)] = charts.render_png(s)
    # drawn one after another on the reused figure, in any order: byte for byte the fresh drawing
    for s in (many, trend, bar, short, trend, many, short):
        assert charts.render_png(s) == fresh[id(s)]
    assert Image.open(io.BytesIO(charts.render_png(trend, width_cm=10))).size[0] < 600
