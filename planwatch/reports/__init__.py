"""Monitoring and evaluation reports (pure core, no Django): the annual statistical monitoring report
(年度统计监测报告), the data tables (数据报表), the mid-term/final evaluation report and the comparison report.

Input: the dataclasses of ``model`` (built by ``inputs`` from the assessment engine's result, or by
``planwatch.apps.reports.collect`` from the database). Output: the bytes of a .docx, .pdf or .xlsx file.
``progress`` is an optional ``callable(fraction, message)`` told how far the work is.
"""

from __future__ import annotations

from .docx import Progress
from .model import AnnualReportData, ComparisonReportData, EvaluationReportData

FORMATS = ("docx", "pdf")

__all__ = [
    "AnnualReportData",
    "ComparisonReportData",
    "EvaluationReportData",
    "build_annual_report",
    "build_comparison_report",
    "build_data_tables",
    "build_evaluation_report",
]


def _finish(writer, fmt: str, progress: Progress) -> bytes:
    data = writer.to_bytes()
    if fmt == "pdf":
        from .pdf import docx_to_pdf

        if progress:
            progress(0.97, "转换为 PDF（LibreOffice）")
        data = docx_to_pdf(data)
    if progress:
        progress(1.0, "完成")
    return data


def _check(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"不支持的报告格式「{fmt}」，应为 docx 或 pdf")


def build_annual_report(data: AnnualReportData, fmt: str = "docx", progress: Progress = None) -> bytes:
    """年度统计监测报告 as .docx or .pdf bytes."""
    from .annual import write_annual

    _check(fmt)
    return _finish(write_annual(data, progress), fmt, progress)


def build_data_tables(data: AnnualReportData, progress: Progress = None) -> bytes:
    """数据报表 (.xlsx): one sheet per area, every indicator × year × disaggregation, and the 统计资料 sheet."""
    from .xlsx import write_tables

    return write_tables(data, progress)


def build_evaluation_report(
    data: EvaluationReportData, fmt: str = "docx", progress: Progress = None
) -> bytes:
    """中期/终期评估报告 as .docx or .pdf bytes."""
    from .evaluation import write_evaluation

    _check(fmt)
    return _finish(write_evaluation(data, progress), fmt, progress)


def build_comparison_report(
    data: ComparisonReportData, fmt: str = "docx", progress: Progress = None
) -> bytes:
    """Comparison of the regions of one level on chosen indicators as .docx or .pdf bytes."""
    from .comparison import write_comparison

    _check(fmt)
    return _finish(write_comparison(data, progress), fmt, progress)
