"""End to end in headless chromium: the monitoring group opens a round, a department reporter fills the form
and uploads a workbook, a bad workbook is rejected with its problems listed, the monitoring group returns
then approves, the history shows every step."""

import io
import os
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from reporting.factories import PASSWORD, configure_assignments

from planwatch.apps.reporting import excel
from planwatch.apps.reporting.models import Observation, Round, Task

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which(CHROMIUM), reason="Debian chromium not installed (apt-get install chromium)"
    ),
]


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test are safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def session(browser, live_server, username: str):
    context = browser.new_context(accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def _shot(page, name: str) -> None:
    """Screenshots for reviewing the look: set PLANWATCH_SCREENSHOTS to a directory."""
    if os.environ.get("PLANWATCH_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["PLANWATCH_SCREENSHOTS"], f"{name}.png"), full_page=True)


def edit_workbook(data: bytes, cells: dict[str, object]) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    for ref, value in cells.items():
        wb[excel.SHEET][ref] = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_round_from_opening_to_approval(transactional_db, live_server, browser, world, tmp_path):
    configure_assignments(world)

    # 1. The monitoring group opens the 2023 round.
    monitor = session(browser, live_server, "monitor1")
    monitor.click("text=年度数据报送")
    monitor.select_option("#open-round select[name=plan]", str(world.plan.pk))
    monitor.fill("#open-round input[name=year]", "2023")
    monitor.fill("#open-round input[name=deadline]", "2099-03-31")
    monitor.click("#open-round button[type=submit]")
    monitor.wait_for_selector("#board-table")
    assert monitor.locator("tr[data-unit=区卫生健康委] .badge").first.inner_text() == "未填报"
    task = Round.objects.get().tasks.get(department=world.health)

    _shot(monitor, "board")

    # 2. The health reporter fills the form and saves a draft.
    reporter = session(browser, live_server, "health1")
    reporter.click(f"a[href='/tasks/{task.pk}/']")
    reporter.fill(f"input[name='v-{world.mmr.pk}-total']", "10.5")
    reporter.click("#save-draft")
    reporter.wait_for_selector("text=已暂存")
    assert Observation.objects.get(indicator=world.mmr).value == 10.5

    # 3. A bad workbook is rejected with every problem listed and nothing stored.
    with reporter.expect_download() as info:
        reporter.click("#download-template")
    template = Path(info.value.path()).read_bytes()
    assert excel.workbook_task_id(template) == task.pk
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(edit_workbook(template, {"H4": "十点二", "H5": 150, "M5": 1001, "N5": 1000}))
    reporter.set_input_files("#upload-form input[name=workbook]", str(bad))
    reporter.click("#upload-button")
    problems = reporter.locator("#upload-problems")
    problems.wait_for()
    text = problems.inner_text()
    assert "共 3 处问题，未保存任何数据" in text
    _shot(reporter, "rejected")
    assert "「孕产妇死亡率」H4（合计）：「十点二」不是数字" in text
    assert "H5（合计）：比率 150% 超过上限 100%" in text and "分子 1001 大于分母 1000" in text
    assert Observation.objects.get(indicator=world.mmr).value == 10.5

    # 4. A good workbook is accepted, then the reporter submits through the form.
    good = tmp_path / "good.xlsx"
    good.write_bytes(edit_workbook(template, {"H4": 10.2, "H5": 99.5, "M5": 995, "N5": 1000}))
    reporter.set_input_files("#upload-form input[name=workbook]", str(good))
    reporter.click("#upload-button")
    reporter.wait_for_selector("text=已导入 good.xlsx")
    assert reporter.input_value(f"input[name='v-{world.hosp.pk}-total']") == "99.5"
    _shot(reporter, "task")
    reporter.click("#submit-task")
    reporter.wait_for_selector("#task-status:has-text('已提交')")

    # 5. The monitoring group returns it with a comment ...
    monitor.goto(f"{live_server.url}/tasks/{task.pk}/")
    monitor.fill("#review-comment", "孕产妇死亡率与妇幼年报不一致，请核对")
    monitor.click("#return")
    monitor.wait_for_selector("#task-status:has-text('已退回')")

    # ... the reporter corrects and resubmits ...
    reporter.goto(f"{live_server.url}/tasks/{task.pk}/")
    assert "请核对" in reporter.inner_text("#return-comment")
    reporter.fill(f"input[name='v-{world.mmr.pk}-total']", "10.3")
    reporter.click("#submit-task")
    reporter.wait_for_selector("#task-status:has-text('已提交')")

    # ... and the monitoring group approves: the data is locked and counts as approved.
    monitor.goto(f"{live_server.url}/tasks/{task.pk}/")
    monitor.click("#approve")
    monitor.wait_for_selector("#task-status:has-text('已审核')")
    assert Task.objects.get(pk=task.pk).status == Task.Status.APPROVED
    monitor.goto(f"{live_server.url}/rounds/{task.round_id}/")
    _shot(monitor, "board-after")
    assert Observation.objects.approved().get(indicator=world.mmr).value == 10.3
    reporter.goto(f"{live_server.url}/tasks/{task.pk}/")
    assert reporter.locator(f"input[name='v-{world.mmr.pk}-total']").is_disabled()

    # 6. The history shows every step and every value change.
    monitor.goto(f"{live_server.url}/tasks/{task.pk}/history/")
    history = monitor.inner_text("#history")
    for step in (
        "下发任务",
        "暂存",
        "上传被拒",
        "上传报表",
        "提交",
        "退回",
        "孕产妇死亡率与妇幼年报不一致",
        "审核通过",
    ):
        assert step in history, step
    values = [line for line in history.splitlines() if "孕产妇死亡率 · 合计 · 数值" in line]
    assert len(values) == 3  # 10.5 (form), 10.2 (workbook), 10.3 (after the return)
    _shot(monitor, "history")
