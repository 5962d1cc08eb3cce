"""PDF through LibreOffice: extractable Chinese text, every font embedded, a page rendered to PNG. Few tests on
purpose — each conversion starts LibreOffice (seconds)."""

import io
import os
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from planwatch.reports import build_annual_report
from planwatch.reports.pdf import PdfError, docx_to_pdf

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice 未安装（scripts/system-deps.sh）"
)


@needs_soffice
@pytest.mark.slow
def test_annual_pdf_text_fonts_and_page_image(annual, tmp_path):
    pdf = build_annual_report(annual, fmt="pdf")
    assert pdf[:5] == b"%PDF-"
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 4
    text = "".join(page.extract_text() for page in reader.pages)
    compact = text.replace(" ", "").replace("\n", "")
    assert "2023年《测试区妇女发展规划（2021—2030年）》统计监测报告" in compact
    assert "孕产妇死亡率为7.5/10万" in compact and "已达标" in compact
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column
    assert any("CJK" in line for line in fonts)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "2", "-l", "2", str(path), str(tmp_path / "page")], check=True
    )
    assert (tmp_path / "page-2.png").stat().st_size > 5000  # a rendered page, not a blank one


def test_missing_libreoffice_is_a_chinese_error(monkeypatch):
    monkeypatch.setenv("PLANWATCH_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(PdfError, match="无法启动 LibreOffice"):
        docx_to_pdf(b"PK")
    monkeypatch.delenv("PLANWATCH_SOFFICE")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(PdfError, match="本机未安装 LibreOffice"):
        docx_to_pdf(b"PK")


def fake_soffice(tmp_path, body: str) -> str:
    exe = tmp_path / "soffice"
    exe.write_text("#!/bin/sh\n" + body + "\n")
    exe.chmod(0o755)
    return str(exe)


def test_failed_and_hanging_conversions_are_reported(monkeypatch, tmp_path):
    monkeypatch.setenv(
        "PLANWATCH_SOFFICE",
        fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 1"),
    )
    with pytest.raises(PdfError, match="LibreOffice 转换失败（Error: source file could not be loaded）"):
        docx_to_pdf(b"not a docx")
    monkeypatch.setenv("PLANWATCH_SOFFICE", fake_soffice(tmp_path, "exec sleep 30"))
    with pytest.raises(PdfError, match="超过 1 秒未完成"):
        docx_to_pdf(b"PK", timeout=1)
    assert os.environ["PLANWATCH_SOFFICE"].endswith("soffice")
