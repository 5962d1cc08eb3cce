"""End to end in headless chromium: the monitoring group requests the annual report, sees it queued with its
progress bar, the database worker picks it up, the page follows it to 完成 by itself (htmx polling) and the
download opens in python-docx; the evaluation group's draft is saved and shown in the history."""

# ruff: noqa: F811  (the fixtures browser and data are imported from other test modules)

import io
import shutil
import threading

import docx
import pytest
from django.db import connections
from evaluation.conftest import data, world  # noqa: F401  (the county with four years of reviewed data)

from planwatch.apps.reports.models import ReportJob

from .test_round_e2e import CHROMIUM, _shot, browser, session  # noqa: F401

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which(CHROMIUM), reason="Debian chromium not installed (apt-get install chromium)"
    ),
]


@pytest.fixture
def worker():
    """django-tasks-db's worker in a thread on the test database (the live server shares it the same way)."""
    from django_tasks_db.management.commands.db_worker import Worker

    shared = connections["default"]
    w = Worker(queue_names=["default"], interval=0.2, batch=False, backend_name="default", startup_delay=False,
               max_tasks=None, worker_id="browser-test", excluded_queue_names=[])  # fmt: skip

    def run():
        connections["default"] = shared
        w.run()

    shared.inc_thread_sharing()
    thread = threading.Thread(target=run, daemon=True)
    yield thread
    w.running = False
    if thread.is_alive():
        thread.join(30)
    shared.dec_thread_sharing()


def test_request_watch_and_download_a_report(
    transactional_db,
    live_server,
    browser,
    data,
    worker,
    settings,
    tmp_path,
):
    settings.TASKS = DATABASE
    settings.DATA_DIR = tmp_path
    page = session(browser, live_server, "monitor1")
    page.click("text=监测评估报告")
    page.click(f"a[href='/reports/plans/{data.plan.pk}/regions/{data.county.pk}/']")
    page.select_option("#form-annual select[name=year]", "2024")
    page.select_option("#form-annual select[name=format]", "docx")
    page.click("#form-annual button[type=submit]")

    # queued: nothing runs before the worker does, and the row says so
    row = page.locator("#job-table tr.job").first
    assert row.get_attribute("data-state") == "queued"
    assert "排队" in row.inner_text() and "0%" in row.inner_text()
    assert page.locator("#job-table tr.job [role=progressbar]").count() == 1
    assert "已提交生成：2024年年度统计监测报告" in page.inner_text(".messages")
    _shot(page, "reports-queued")

    worker.start()
    states = set()
    for _ in range(240):  # the row refreshes itself every second
        state = page.locator("#job-table tr.job").first.get_attribute("data-state")
        if state == "running" and "running" not in states:
            _shot(page, "reports-running")
        states.add(state)
        if state in ("done", "failed"):
            break
        page.wait_for_timeout(250)
    job = ReportJob.objects.get()
    assert job.state == ReportJob.State.DONE, job.error
    assert states >= {"queued", "done"}
    row = page.locator("#job-table tr.job").first
    assert "完成" in row.inner_text() and row.get_attribute("hx-trigger") is None
    _shot(page, "reports-done")

    with page.expect_download() as info:
        row.locator("a.download").click()
    download = info.value
    assert download.suggested_filename == "江津区2024年年度统计监测报告.docx"
    document = docx.Document(io.BytesIO(download.path().read_bytes()))
    assert any("孕产妇死亡率" in p.text for p in document.paragraphs)


def test_evaluation_group_drafts_in_the_browser(
    transactional_db,
    live_server,
    browser,
    data,
    settings,
    tmp_path,
):
    settings.DATA_DIR = tmp_path
    page = session(browser, live_server, "eval1")
    page.goto(f"{live_server.url}/reports/plans/{data.plan.pk}/regions/{data.county.pk}/")
    page.click("text=2025年中期评估草稿")
    page.fill("textarea[name=problems]", "农村地区孕产妇死亡率上升。")
    page.fill("textarea[name=recommendations]", "加强县域危重孕产妇救治能力。")
    page.click("#draft-form button[type=submit]")
    assert "已保存：突出问题、对策建议" in page.inner_text(".messages")
    assert page.input_value("textarea[name=problems]") == "农村地区孕产妇死亡率上升。"
    _shot(page, "reports-drafts")
    page.click("text=修改历史")
    history = page.inner_text("#history-table")
    assert "农村地区孕产妇死亡率上升。" in history and "eval1" in history
