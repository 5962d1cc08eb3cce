"""PDF from the Word document with LibreOffice (``soffice --headless --convert-to pdf``): the same layout as
the .docx, fonts embedded. LibreOffice is a Debian package (scripts/system-deps.sh); when it is missing,
too slow or fails, a ``PdfError`` says so in Chinese."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_S = 180


class PdfError(RuntimeError):
    """The PDF could not be produced (message in Chinese)."""


def soffice() -> str | None:
    return os.environ.get("PLANWATCH_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, timeout: float = TIMEOUT_S) -> bytes:
    exe = soffice()
    if not exe:
        raise PdfError(
            "无法生成 PDF：本机未安装 LibreOffice（soffice）。请安装 libreoffice-writer-nogui，或改为下载 Word 版"
        )
    with tempfile.TemporaryDirectory(prefix="planwatch-pdf-") as tmp:
        src = Path(tmp) / "report.docx"
        src.write_bytes(docx)
        # a private profile: concurrent conversions (and a user's running LibreOffice) do not block each other
        profile = Path(tmp, "profile").as_uri()
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
               "--outdir", tmp, str(src)]  # fmt: skip
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False,
                                  env={**os.environ, "HOME": tmp})  # fmt: skip
        except subprocess.TimeoutExpired:
            raise PdfError(f"无法生成 PDF：LibreOffice 转换超过 {timeout:.0f} 秒未完成") from None
        except OSError as exc:
            raise PdfError(f"无法生成 PDF：无法启动 LibreOffice（{exc.strerror or exc}）") from None
        out = Path(tmp) / "report.pdf"
        if done.returncode != 0 or not out.exists():
            detail = (done.stderr or done.stdout or b"").decode("utf-8", "replace").strip().splitlines()
            raise PdfError(
                "无法生成 PDF：LibreOffice 转换失败" + (f"（{detail[-1][:200]}）" if detail else "")
            )
        return out.read_bytes()
