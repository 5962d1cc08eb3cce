"""Report jobs end to end through the pages on the immediate backend (a request returns when its job has run):
each kind is generated from the county's data, downloaded and opened; a failed generation is reported in
Chinese and a retry succeeds; a generation past the time limit is stopped."""

import dataclasses
import datetime as dt
import io
from pathlib import Path

import docx
import openpyxl
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from planwatch.apps.reports import generation, services
from planwatch.apps.reports.models import ReportJob

from .conftest import observe
from .helpers import text


def request(client, w, user="monitor", region=None, **form):
    client.force_login(w.users[user])
    url = reverse("reports:request", args=[w.plan.pk, (region or w.county).pk])
    return client.post(url, form, follow=True)


def download(client, job) -> bytes:
    r = client.get(reverse("reports:download", args=[job.pk]))
    assert r.status_code == 200, r.content[:300]
    return b"".join(r.streaming_content)


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_annual_report_is_generated_downloaded_and_opens(client, data):
    r = request(client, data, kind="annual", format="docx", year="2024")
    job = ReportJob.objects.get()
    assert job.state == ReportJob.State.DONE, job.error
    assert (job.progress, job.attempts, job.requested_by) == (100, 1, data.users["monitor"])
    assert job.task_id and job.started_at and job.finished_at
    body = text(r)
    assert "已提交生成：2024年年度统计监测报告（Word（.docx））" in body and "完成" in body
    assert job.filename == "江津区2024年年度统计监测报告.docx"
    content = download(client, job)
    assert len(content) == job.size and Path(settings.DATA_DIR, job.file).is_file()
    words = docx_text(content)
    for name in ("江津区", "2024", "孕产妇死亡率", "住院分娩率", "儿童与健康", "儿童与教育"):
        assert name in words, name


def test_data_tables_open_in_excel(client, data):
    request(client, data, kind="tables", format="xlsx", year="2024")
    job = ReportJob.objects.get()
    assert job.state == ReportJob.State.DONE, job.error
    book = openpyxl.load_workbook(io.BytesIO(download(client, job)))
    cells = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)
    assert "孕产妇死亡率" in cells and "住院分娩率" in cells
    assert any("健康" in ws.title for ws in book.worksheets)


def test_evaluation_report_carries_the_evaluation_groups_drafts(client, data):
    observe(data.mmr, data.county, 2025, 13.0)
    observe(data.hosp, data.county, 2025, 98.4)
    services.save_drafts(data.users["evaluator"], data.plan, data.county, 2025, {
        "problems": "孕产妇死亡率连续三年上升，约束性指标未达标。",
        "recommendations": "加强危重孕产妇救治中心建设。",
        "experience": "部门联席会议机制运转良好。",
    })  # fmt: skip
    request(client, data, user="evaluator", kind="evaluation", format="docx", year="2025")
    job = ReportJob.objects.get()
    assert job.state == ReportJob.State.DONE, job.error
    assert job.title == "2025年中期评估报告"
    words = docx_text(download(client, job))
    for drafted in ("孕产妇死亡率连续三年上升", "加强危重孕产妇救治中心建设", "部门联席会议机制运转良好"):
        assert drafted in words


def test_comparison_report_ranks_the_towns(client, data):
    request(client, data, kind="comparison", format="docx", year="2024", level="town",
            indicators=[str(data.hosp.pk)])  # fmt: skip
    job = ReportJob.objects.get()
    assert job.state == ReportJob.State.DONE, job.error
    assert job.options == {"level": "town", "indicator_ids": [data.hosp.pk]}
    words = docx_text(download(client, job))
    assert "住院分娩率" in words and "几江街道" in words and "德感街道" in words


def test_a_year_without_data_fails_with_the_collectors_message(client, data):
    request(client, data, user="evaluator", kind="evaluation", format="docx", year="2030")
    job = ReportJob.objects.get()
    assert job.state == ReportJob.State.FAILED
    assert job.error.startswith("生成失败：江津区2030年没有任何监测数据"), job.error


def test_bad_requests_queue_nothing(client, data):
    assert "年份“abc”不是数字" in text(request(client, data, kind="annual", format="docx", year="abc"))
    assert "2035年不在可生成的范围内" in text(
        request(client, data, kind="annual", format="docx", year="2035")
    )
    assert "没有“x”这种报告" in text(request(client, data, kind="x", format="docx", year="2024"))
    assert "请至少勾选一项要比较的指标" in text(
        request(client, data, kind="comparison", format="docx", year="2024", level="town")
    )
    assert not ReportJob.objects.exists()


def test_a_failed_generation_is_reported_and_a_retry_succeeds(client, data):
    blocker = Path(settings.DATA_DIR) / "reports"
    blocker.write_text("not a directory")  # the reports folder cannot be made: storing the file fails
    r = request(client, data, kind="annual", format="docx", year="2024")
    job = ReportJob.objects.get()
    assert job.state == ReportJob.State.FAILED and job.progress < 100
    folder = blocker / str(job.pk)
    assert (
        job.error
        == f"生成失败：报告已生成，但无法保存到数据目录 {folder}（NotADirectoryError），请检查目录权限和磁盘空间后重试"
    )
    assert "NotADirectoryError" in job.detail and "Traceback" in job.detail
    body = r.content.decode()
    assert job.error in body and f'action="{reverse("reports:retry", args=[job.pk])}"' in body
    assert client.get(reverse("reports:download", args=[job.pk])).status_code == 404
    blocker.unlink()
    r = client.post(reverse("reports:retry", args=[job.pk]), follow=True)
    job.refresh_from_db()
    assert job.state == ReportJob.State.DONE and job.attempts == 2 and not job.error
    assert "已重新提交生成：2024年年度统计监测报告" in text(r)
    assert docx_text(download(client, job))
    # only a failed job can be retried
    r = client.post(reverse("reports:retry", args=[job.pk]), follow=True)
    assert "只有生成失败的报告可以重试" in text(r)


def test_a_generation_past_the_time_limit_is_stopped(client, data, settings, monkeypatch):
    # A builder that overruns for sure: the real one can finish within any short limit on a quiet machine.
    real = generation.SPECS["annual"]
    monkeypatch.setitem(
        generation.SPECS, "annual", dataclasses.replace(real, builder="reports.builders.overrunning")
    )
    settings.PLANWATCH_REPORT_TIME_LIMIT = 3
    request(client, data, kind="annual", format="docx", year="2024")
    job = ReportJob.objects.get()
    assert job.state == ReportJob.State.FAILED
    assert job.error == "生成超过时限（3 秒）已中止；数据量大时请稍后重试或联系系统管理员调整时限"
    monkeypatch.setitem(generation.SPECS, "annual", real)
    settings.PLANWATCH_REPORT_TIME_LIMIT = 600
    client.post(reverse("reports:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ReportJob.State.DONE


def test_the_same_report_is_not_queued_twice(client, data):
    monitor, w = data.users["monitor"], data
    ReportJob.objects.create(kind="annual", plan=w.plan, region=w.county, year=2024, format="docx")  # queued
    r = request(client, w, kind="annual", format="docx", year="2024")
    assert "同样的报告正在生成（排队或生成中），请等它完成后在下方下载，不必重复提交" in text(r)
    assert ReportJob.objects.count() == 1
    # another format or another choice of indicators is another report
    assert services.request_report(monitor, w.plan, w.county, "annual", "pdf", 2023).pk
    ReportJob.objects.create(kind="comparison", plan=w.plan, region=w.county, year=2024, format="docx",
                             options={"level": "town", "indicator_ids": [w.mmr.pk]})  # fmt: skip
    other = services.request_report(monitor, w.plan, w.county, "comparison", "docx", 2024,
                                    {"level": "town", "indicator_ids": [w.hosp.pk]})  # fmt: skip
    assert other.state == ReportJob.State.DONE, other.error
    # once it has finished, the same report may be asked for again (new data since)
    again = services.request_report(monitor, w.plan, w.county, "comparison", "docx", 2024,
                                    {"level": "town", "indicator_ids": [w.hosp.pk]})  # fmt: skip
    assert again.pk != other.pk


def test_one_user_has_at_most_five_reports_pending(client, data):
    for year in range(2020, 2025):
        ReportJob.objects.create(kind="tables", plan=data.plan, region=data.county, year=year, format="xlsx",
                                 requested_by=data.users["monitor"])  # fmt: skip
    r = request(client, data, kind="annual", format="docx", year="2024")
    assert "您已有5份报告在排队或生成中（每人最多5份），请等它们完成后再申请" in text(r)
    assert ReportJob.objects.count() == 5
    # a colleague is not held up by it
    request(client, data, user="admin", kind="annual", format="docx", year="2023")
    assert ReportJob.objects.get(year=2023, kind="annual").state == ReportJob.State.DONE


def test_progress_is_written_on_the_job_as_a_share_of_the_bar(data):
    from planwatch.apps.reports.generation import COLLECT_SHARE, _Progress

    job = ReportJob.objects.create(kind="annual", plan=data.plan, region=data.county, year=2024, format="docx",
                                   state="running")  # fmt: skip
    relay = _Progress(job.pk, COLLECT_SHARE, 1 - COLLECT_SHARE)
    relay(0.5, "正在写第二章")
    job.refresh_from_db()
    assert (job.progress, job.message) == (
        round(100 * (COLLECT_SHARE + (1 - COLLECT_SHARE) / 2)),
        "正在写第二章",
    )
    relay(1.0, "写入文件")  # never 100 before the file is stored
    job.refresh_from_db()
    assert job.progress == 99


def test_the_job_row_polls_until_the_job_has_finished(client, data):
    job = ReportJob.objects.create(kind="annual", plan=data.plan, region=data.county, year=2024, format="pdf",
                                   message="排队等待生成")  # fmt: skip
    client.force_login(data.users["leader"])
    row = client.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in row and "排队" in row and "planwatch worker" in row
    ReportJob.objects.filter(pk=job.pk).update(state="running", progress=42, message="正在绘制图表",
                                               started_at=timezone.now())  # fmt: skip
    row = client.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in row and "42%" in row and "正在绘制图表" in row
    ReportJob.objects.filter(pk=job.pk).update(state="failed", error="生成失败：测试原因")
    row = client.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert "hx-trigger" not in row and "生成失败：测试原因" in row
    assert "retry" not in row  # the leader may not retry


def test_a_job_whose_worker_died_is_shown_as_failed(client, data):
    long_ago = timezone.now() - dt.timedelta(hours=2)
    job = ReportJob.objects.create(kind="annual", plan=data.plan, region=data.county, year=2024, format="docx",
                                   state="running", started_at=long_ago, progress=30)  # fmt: skip
    client.force_login(data.users["monitor"])
    r = client.get(reverse("reports:page", args=[data.plan.pk, data.county.pk]))
    assert "生成中断：后台任务进程已停止，请重试" in text(r)
    job.refresh_from_db()
    assert job.state == ReportJob.State.FAILED


def test_a_report_built_on_sample_data_says_so_everywhere(client, data):
    """One sample observation in the county's tree marks the job, its file name, the document, the page and the
    published copy; a report without any says nothing of the kind."""
    from planwatch.apps.reporting.models import Observation
    from planwatch.reports.model import SAMPLE_NOTICE

    request(client, data, kind="annual", format="docx", year="2024")
    plain = ReportJob.objects.get()
    assert not plain.sample and "示例数据" not in docx_text(download(client, plain))
    Observation.objects.filter(indicator=data.hosp, region=data.town, year=2024).update(source="sample")
    observe(data.hosp, data.county, 2025, 97.0)  # the mid-term evaluation needs data of 2025
    r = request(client, data, kind="evaluation", format="docx", year="2025")
    job = ReportJob.objects.filter(kind="evaluation", state=ReportJob.State.DONE).get()
    assert job.sample and job.filename == "江津区2025年中期评估报告（示例数据）.docx"
    assert "示例数据" in text(r)
    document = docx.Document(io.BytesIO(download(client, job)))
    assert SAMPLE_NOTICE in "\n".join(p.text for p in document.paragraphs[:20])
    assert all(SAMPLE_NOTICE in s.header.paragraphs[0].text for s in document.sections)
    client.force_login(data.users["admin"])
    pub = services.publish(data.users["admin"], job)
    assert pub.sample and pub.filename.endswith("（示例数据）.docx")
    page = client.get(reverse("reports:page", args=[data.plan.pk, data.county.pk]))
    assert 'class="badge sample-badge"' in page.content.decode()
