"""Imported once by the server process the report builders fork from (see isolation.py): loads the builders,
python-docx, openpyxl, matplotlib and the CJK font, so each job's child starts with them ready. No Django."""

import io

import docx  # noqa: F401
import matplotlib
import openpyxl  # noqa: F401

import planwatch.reports  # noqa: F401

matplotlib.use("Agg")


def _render_once() -> None:
    from matplotlib.figure import Figure

    try:
        from planwatch.reports.charts import CJK_SANS
    except ImportError:  # the chart module names its font differently: warm the default one
        CJK_SANS = "sans-serif"
    fig = Figure(figsize=(1, 1), dpi=50)
    fig.add_subplot().set_title("监测", fontfamily=CJK_SANS)
    fig.savefig(io.BytesIO(), format="png")


_render_once()
