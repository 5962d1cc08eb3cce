"""Every import refuses a hostile or oversized file with a Chinese message naming it and the limit, and
stores nothing: history import (service, page, CLI), task workbook (page, CLI), implementation reports,
the regions CSV and plan documents. Limits are made small through settings where a big file would be slow."""

import io
import zipfile
from dataclasses import replace

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile
from reporting.factories import PASSWORD

from planwatch.apps.reporting import bulk
from planwatch.apps.reporting.models import ImplementationReport, Observation, TaskEvent
from planwatch.apps.reporting.services import ValidationFailed
from planwatch.cli import cli

from .hostile import far_corner_workbook, history_csv, zip_bomb_workbook


@pytest.fixture
def small_limits(settings):
    def apply(**kw):
        settings.PLANWATCH_UPLOAD_LIMITS = replace(settings.PLANWATCH_UPLOAD_LIMITS, **kw)

    return apply


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.mark.parametrize("lie", [False, True])
def test_history_import_refuses_the_far_corner_workbook(world, lie):
    with pytest.raises(ValidationFailed) as exc:
        bulk.import_series(far_corner_workbook(lie=lie), "角落.xlsx", world.users["admin"])
    problem = exc.value.problems[0]
    assert (
        problem.rule == "超出上传限制" and problem.indicator == "角落.xlsx" and "250000 行" in problem.message
    )
    assert not Observation.objects.exists()


def test_history_import_refuses_an_oversized_csv(world, small_limits):
    small_limits(max_rows=50)
    with pytest.raises(ValidationFailed) as exc:
        bulk.import_series(history_csv(80, world.kids.pk), "大.csv", world.users["admin"])
    assert "超过 50 行的上限" in str(exc.value.problems[0])
    assert not Observation.objects.exists()
    assert bulk.import_series(history_csv(30, world.kids.pk), "小.csv", world.users["admin"]).created == 30


def test_history_page_refuses_a_zip_bomb_and_an_upload_beyond_the_size_limit(client, world, small_limits):
    login(client, world.users["admin"])
    html = client.post("/data/import/", {"file": SimpleUploadedFile("炸弹.xlsx", zip_bomb_workbook())})
    text = html.content.decode()
    assert html.status_code == 200 and "炸弹.xlsx" in text and "压缩比" in text and "未导入任何数据" in text
    small_limits(max_bytes=1024)
    page = client.post(
        "/data/import/", {"file": SimpleUploadedFile("大.csv", history_csv(200, world.kids.pk))}
    )
    text = page.content.decode()
    assert "大.csv：文件超过上传上限 1 KB" in text and "请选择文件" not in text
    assert not Observation.objects.exists()


def test_task_upload_refuses_far_corner_and_oversize_and_records_the_rejection(
    client, world, tasks, small_limits
):
    task = tasks["区卫生健康委"]
    login(client, world.users["health"])
    url = f"/tasks/{task.pk}/upload/"
    r = client.post(url, {"workbook": SimpleUploadedFile("角落.xlsx", far_corner_workbook(sheet="填报表"))},
                    headers={"HX-Request": "true"})  # fmt: skip
    text = r.content.decode()
    assert "角落.xlsx 未导入" in text and "A1:XFD1048576" in text and "HX-Redirect" not in r.headers
    small_limits(max_bytes=2048)
    r = client.post(url, {"workbook": SimpleUploadedFile("大.xlsx", b"PK" + b"0" * 5000)})
    assert "文件超过上传上限 2 KB" in r.content.decode()
    rejected = TaskEvent.objects.filter(task=task, kind=TaskEvent.Kind.REJECTED)
    assert rejected.count() == 2 and "大.xlsx" in rejected.last().comment
    assert not Observation.objects.exists()


def test_report_upload_beyond_the_limit_is_refused(client, world, tasks, small_limits):
    task = tasks["区卫生健康委"]
    login(client, world.users["health"])
    small_limits(max_bytes=1024)
    r = client.post(f"/tasks/{task.pk}/reports/", {"report": SimpleUploadedFile("报告.pdf", b"%PDF" + b"x" * 4000)},
                    follow=True)  # fmt: skip
    assert "报告.pdf：文件超过上传上限 1 KB" in r.content.decode()
    assert not ImplementationReport.objects.exists()


def test_cli_import_refuses_far_corner_and_oversized_files(world, tmp_path, small_limits):
    corner = tmp_path / "角落.xlsx"
    corner.write_bytes(far_corner_workbook())
    out = CliRunner().invoke(cli, ["data", "import", str(corner)])
    assert out.exit_code == 1 and "角落.xlsx" in out.output and "A1:XFD1048576" in out.output
    assert "Traceback" not in out.output
    big = tmp_path / "大.csv"
    big.write_bytes(history_csv(200, world.kids.pk))
    small_limits(max_bytes=1024)
    out = CliRunner().invoke(cli, ["data", "import", str(big)])
    assert out.exit_code == 1 and "大.csv：文件大小" in out.output and "超过上传上限 1 KB" in out.output
    assert not Observation.objects.exists()


def test_regions_csv_is_bounded(db, tmp_path, small_limits):
    from planwatch.apps.regions.models import Region

    path = tmp_path / "regions.csv"
    path.write_text(
        "code,name,level,parent_code\n" + "".join(f"99{i:04d},县{i},county,\n" for i in range(20))
    )
    small_limits(max_rows=10)
    out = CliRunner().invoke(cli, ["regions", "load", str(path)])
    assert out.exit_code == 1 and "regions.csv" in out.output and "超过 10 行的上限" in out.output
    assert not Region.objects.filter(code__startswith="99").exists()


def test_a_docx_bomb_plan_is_refused_before_decompressing():
    from planwatch.parsing.errors import ParseError
    from planwatch.parsing.ingest import read_lines
    from planwatch.uploads import UploadLimits

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * (8 * 2**20) + b"</w:document>")
    with pytest.raises(ParseError, match=r"规划.docx：部件 word/document.xml 的压缩比为 \d+:1"):
        read_lines(buf.getvalue(), "规划.docx", UploadLimits())
    with pytest.raises(ParseError, match="超过上传上限 1 KB"):
        read_lines(b"x" * 4096, "规划.txt", UploadLimits(max_bytes=1024))
