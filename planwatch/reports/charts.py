"""The one chart module of planwatch: a chart is first described as plain data (``ChartSpec``), then drawn —
as a PNG with matplotlib for the reports (``render_png``) or as an ECharts option for the web pages
(``echarts_option``) — so that a page and a report show the same lines, target, milestones and projection.

Fonts: the Debian package fonts-noto-cjk (Noto Sans CJK SC), so every Chinese label has its glyphs.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field

from planwatch.domain import statuses

from .model import ComparisonIndicator, IndicatorResult
from .narrative import number

CJK_SANS = "Noto Sans CJK SC"
STATUS_COLORS = statuses.COLORS  # the domain's status colours by code, as on the pages
PALETTE = ["#1f4e79", "#c0504d", "#2f7ed8", "#8e6bbf", "#4d9a6e", "#e08a2c", "#5b6b8c"]
TARGET_COLOR = "#a61c2e"
MILESTONE_COLOR = "#d4a017"
PROJECTION_COLOR = "#6b7280"
NUMERIC_TARGET_KINDS = ("numeric_min", "numeric_max", "numeric_exact", "approx", "maintain")


@dataclass(kw_only=True)
class Line:
    name: str
    values: list[float | None]
    main: bool = False  # the headline (drawn thicker, carries the target)


@dataclass(kw_only=True)
class Mark:
    """A milestone: a level at one category (year)."""

    at: int  # index into categories
    value: float
    label: str


@dataclass(kw_only=True)
class ChartSpec:
    title: str
    unit: str
    categories: list[str]
    kind: str = "line"  # line (trend over years) | bar (regions)
    lines: list[Line] = field(default_factory=list)
    projection: list[float | None] = field(default_factory=list)  # dashed, same axis as the lines
    target: float | None = None
    target_label: str = ""
    milestones: list[Mark] = field(default_factory=list)
    bar_colors: list[str] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return any(v is not None for line in self.lines for v in line.values)


def trend_chart(ind: IndicatorResult, year: int) -> ChartSpec:
    """History of the headline and its female/male and urban/rural cells up to ``year``, the target, the
    milestones and the projection from the latest value to every milestone and the final year ahead."""
    cells = [c for c in ind.cells if c.age_group == "" and (c.sex == "total" or c.area_type == "total")]
    years = {y for c in cells for y, v in c.values.items() if v is not None and y <= year}
    ahead = {y: v for y, v in ind.projections.items() if y > year and v is not None}
    last = ind.history.get(year) if ind.value is None else ind.value
    if ind.status == statuses.MET.code:
        ahead = {}
    marks_years = {m.year for m in ind.milestones if m.value is not None}
    axis_years = years | set(ahead) | ({ind.target_year} if ind.target_year and years else set())
    axis_years |= {y for y in marks_years if years and y >= min(years)}
    axis = list(range(min(axis_years), max(axis_years) + 1)) if axis_years else []
    lines = [
        Line(name=c.label, values=[c.values.get(y) if y <= year else None for y in axis], main=c.is_headline)
        for c in sorted(cells, key=lambda c: (not c.is_headline, c.sex, c.area_type))
        if any(c.values.get(y) is not None for y in axis)
    ]
    projection: list[float | None] = []
    if ahead and last is not None:
        points = {year: last, **ahead}
        projection = [points.get(y) for y in axis]
    target = ind.target_value if ind.kind in NUMERIC_TARGET_KINDS else None
    label = (
        f"目标 {ind.target}" + (f"（{ind.target_year}年）" if ind.target_year else "")
        if target is not None
        else ""
    )
    marks = [
        Mark(at=axis.index(m.year), value=m.value, label=f"{m.year}年阶段目标 {m.label}")
        for m in ind.milestones
        if m.value is not None and m.year in axis and m.year != ind.target_year
    ]
    return ChartSpec(
        title=ind.name, unit=ind.unit, categories=[str(y) for y in axis], lines=lines,
        projection=projection, target=target, target_label=label, milestones=marks,
    )  # fmt: skip


def comparison_chart(ci: ComparisonIndicator, ranked: list) -> ChartSpec:
    """Regions ranked best first as bars coloured by status, the target as a line."""
    target = ci.target_value if ci.kind in NUMERIC_TARGET_KINDS else None
    return ChartSpec(
        title=ci.name, unit=ci.unit, kind="bar", categories=[r.name for r in ranked],
        lines=[Line(name=ci.name, values=[r.value for r in ranked], main=True)],
        bar_colors=[STATUS_COLORS.get(r.status, PALETTE[0]) for r in ranked],
        target=target, target_label=f"目标 {ci.target}" if target is not None else "",
    )  # fmt: skip


def echarts_option(spec: ChartSpec) -> dict:
    """The same chart as an ECharts option (JSON-serialisable) for ``echarts.init(el).setOption(option)``."""
    series = []
    for i, line in enumerate(spec.lines):
        s: dict = {
            "name": line.name,
            "type": "bar" if spec.kind == "bar" else "line",
            "data": list(line.values),
        }
        if spec.kind == "bar":
            s["data"] = [
                {"value": v, "itemStyle": {"color": spec.bar_colors[j]}} if j < len(spec.bar_colors) else v
                for j, v in enumerate(line.values)
            ]
        else:
            s.update(connectNulls=False, symbolSize=6, lineStyle={"width": 3 if line.main else 1.5},
                     itemStyle={"color": PALETTE[i % len(PALETTE)]})  # fmt: skip
        if line.main and (spec.target is not None or spec.milestones):
            marks = []
            if spec.target is not None:
                marks.append({"yAxis": spec.target, "name": spec.target_label,
                              "lineStyle": {"color": TARGET_COLOR, "type": "solid"},
                              "label": {"formatter": spec.target_label, "position": "insideEndTop"}})  # fmt: skip
            s["markLine"] = {"symbol": "none", "data": marks} if marks else None
            if spec.milestones:
                s["markPoint"] = {
                    "symbol": "diamond", "symbolSize": 12, "itemStyle": {"color": MILESTONE_COLOR},
                    "data": [{"coord": [spec.categories[m.at], m.value], "name": m.label,
                              "label": {"show": False}} for m in spec.milestones],
                }  # fmt: skip
            if s.get("markLine") is None:
                s.pop("markLine")
        series.append(s)
    if spec.projection:
        series.append({"name": "趋势预测", "type": "line", "data": list(spec.projection), "connectNulls": True,
                       "symbol": "emptyCircle", "lineStyle": {"type": "dashed", "color": PROJECTION_COLOR},
                       "itemStyle": {"color": PROJECTION_COLOR}})  # fmt: skip
    return {
        "title": {"text": spec.title, "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis"},
        "legend": {"type": "scroll", "bottom": 0},
        "grid": {"left": 8, "right": 32, "top": 40, "bottom": 36, "containLabel": True},
        "xAxis": {"type": "category", "data": list(spec.categories), "boundaryGap": spec.kind == "bar",
                  "axisLabel": {"rotate": 45 if spec.kind == "bar" and len(spec.categories) > 8 else 0}},
        "yAxis": {"type": "value", "name": spec.unit, "scale": spec.kind != "bar"},
        "series": series,
    }  # fmt: skip


# FreeType's auto-hinter (matplotlib's default) costs ~15 ms per CJK label; CJK outlines need no hinting at
# report resolution, and without it a chart draws in a third of the time
RC = {"font.family": [CJK_SANS], "axes.unicode_minus": False, "text.hinting": "no_hinting"}
_LOCK = threading.Lock()  # pyplot's state machine is not thread-safe; reports may be built in threads
DPI = 130  # crisp at the 13.5 cm a report prints a chart (≈ 690 px wide), a third of the pixels of 220 dpi


def render_png(spec: ChartSpec, width_cm: float = 15.0, height_cm: float = 7.0, dpi: int = DPI) -> bytes:
    """The chart as PNG bytes (matplotlib, Agg, Noto Sans CJK SC)."""
    import matplotlib

    with _LOCK, matplotlib.rc_context(RC):
        ax = _axes(width_cm, height_cm, dpi)
        fig = ax.figure
        _reset(ax)
        # fixed margins: a layout engine draws every chart twice, and reports have a hundred charts
        rotated = spec.kind == "bar" and len(spec.categories) > 8
        crowded = rotated and len(spec.categories) > 20
        fig.subplots_adjust(left=0.09, right=0.98, top=0.89, bottom=0.3 if rotated else 0.27)
        x = list(range(len(spec.categories)))
        if spec.kind == "bar":
            _bars(ax, spec, x)
        else:
            _lines(ax, spec, x)
        if spec.target is not None:
            ax.axhline(spec.target, color=TARGET_COLOR, linewidth=1.2, label=spec.target_label)
        for m in spec.milestones:
            ax.scatter([m.at], [m.value], marker="D", s=36, color=MILESTONE_COLOR, zorder=5, label=m.label)
        ax.set_xticks(x, spec.categories, fontsize=6 if crowded else 7,
                      rotation=90 if crowded else 45 if rotated else 0, ha="right" if rotated and not crowded else "center")  # fmt: skip
        ax.set_ylabel(spec.unit, fontsize=8)
        ax.set_title(spec.title, fontsize=9.5)
        if ax.get_legend_handles_labels()[0] and spec.kind == "bar":  # the target line only: inside the plot
            ax.legend(fontsize=7, loc="best", framealpha=0.85)
        elif ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=4, frameon=False)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, pil_kwargs={"compress_level": 3})
    return buf.getvalue()


_FIGURES: dict[tuple, object] = {}


def _axes(width_cm: float, height_cm: float, dpi: int):
    """One figure per size, styled once and reused for every chart: a new figure costs a quarter of a chart,
    and clearing the axes (``cla``) rebuilds the axes' ticks, spines and grid — half the time of a chart."""
    key = (width_cm, height_cm, dpi)
    if key not in _FIGURES:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        fig = Figure(figsize=(width_cm / 2.54, height_cm / 2.54), dpi=dpi)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        _style(ax)
        _FIGURES[key] = ax
    return _FIGURES[key]


def _reset(ax) -> None:
    """Remove the previous chart's data, marks and legend; keep the axes with their styled ticks."""
    for artist in [*ax.lines, *ax.collections, *ax.patches, *ax.texts]:
        artist.remove()
    ax.containers.clear()
    if ax.legend_ is not None:
        ax.legend_.remove()
    ax.relim()
    ax.set_xlim(0, 1)  # as a cleared axes starts: set_xticks widens the autoscaled view, not the last chart's
    ax.set_ylim(0, 1)
    ax.set_autoscale_on(True)
    ax.ignore_existing_data_limits = True
    ax.set_prop_cycle(None)


def _style(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.tick_params(labelsize=7)


def _lines(ax, spec: ChartSpec, x: list[int]) -> None:
    for i, line in enumerate(spec.lines):
        pts = [(xi, v) for xi, v in zip(x, line.values, strict=True) if v is not None]
        if not pts:
            continue
        xs, ys = zip(*pts, strict=True)
        ax.plot(xs, ys, marker="o", markersize=3.5 if line.main else 2.5, linewidth=2.2 if line.main else 1.2,
                color=PALETTE[i % len(PALETTE)], label=line.name if len(spec.lines) > 1 else "实际值")  # fmt: skip
        if line.main and len(ys) <= 12:
            for xi, v in pts[-1:]:
                ax.annotate(
                    number(v), (xi, v), textcoords="offset points", xytext=(0, 5), ha="center", fontsize=7
                )
    pts = [(xi, v) for xi, v in zip(x, spec.projection, strict=False) if v is not None]
    if len(pts) >= 2:
        xs, ys = zip(*pts, strict=True)
        ax.plot(xs, ys, linestyle="--", marker="o", markerfacecolor="white", markersize=3, linewidth=1.2,
                color=PROJECTION_COLOR, label="趋势预测")  # fmt: skip


def _bars(ax, spec: ChartSpec, x: list[int]) -> None:
    values = spec.lines[0].values if spec.lines else []
    heights = [v if v is not None else 0 for v in values]
    colors = spec.bar_colors or [PALETTE[0]] * len(values)
    ax.bar(x, heights, color=colors, width=0.7)
    for xi, v in zip(x, values, strict=True):
        if v is not None and len(x) <= 24:
            ax.annotate(
                number(v, 1), (xi, v), textcoords="offset points", xytext=(0, 2), ha="center", fontsize=6
            )
    if values and any(v is not None for v in values):
        lo = min(v for v in values if v is not None)
        hi = max(v for v in values if v is not None)
        if spec.target is not None:
            lo, hi = min(lo, spec.target), max(hi, spec.target)
        if lo > 0 and (hi - lo) < 0.3 * hi:  # values bunched high (e.g. 95–99 %): do not start at zero
            ax.set_ylim(lo - (hi - lo) * 0.6 - 0.5, hi + (hi - lo) * 0.25 + 0.5)
