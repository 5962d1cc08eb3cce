"""The dashboard and an indicator page in headless chromium: the charts are drawn (ECharts from our own static
files), the status text matches the data, an approval in the browser changes the dashboard's figure, and at
phone width (390 px) nothing overflows the page sideways. Screenshots go to PLANWATCH_SCREENSHOTS."""

import pytest
from evaluation.conftest import data, health_task, world  # noqa: F401  (fixtures)

from planwatch.apps.evaluation.services import run_assessment

from .test_round_e2e import CHROMIUM, _shot, browser, session  # noqa: F401  (browser is a fixture)

pytestmark = [pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


def page_overflow(page) -> int:
    """How far the page is wider than the window (0 when nothing sticks out sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def chart_drawn(page, selector: str) -> bool:
    page.wait_for_selector(f"{selector} canvas")
    return page.evaluate(f"!!echarts.getInstanceByDom(document.querySelector('{selector}'))")


def test_dashboard_and_indicator_page(transactional_db, live_server, browser, data, health_task):  # noqa: F811
    w = data
    run_assessment(plan=w.plan, region=w.county)
    page = session(browser, live_server, "monitor1")
    page.set_viewport_size(LAPTOP)
    plan_box = f"#plan-{w.plan.pk}"
    assert chart_drawn(page, f"{plan_box} .chart")
    assert page.inner_text(f"{plan_box} .kpi-notmet") == "1"
    assert "2024年：在可监测的3项指标中，有2项达标" in page.inner_text(f"{plan_box} .dash-headline")
    assert page_overflow(page) <= 0
    _shot(page, "dashboard-1366")

    # a filter through htmx: only the education area, the address bar keeps it
    page.select_option("#dash-filters select[name=area]", "儿童与教育")
    page.wait_for_function(f"document.querySelector('{plan_box} .kpi-notmet').textContent === '0'")
    assert "area=" in page.url
    assert chart_drawn(page, f"{plan_box} .chart")
    page.select_option("#dash-filters select[name=area]", "")
    page.wait_for_function(f"document.querySelector('{plan_box} .kpi-notmet').textContent === '1'")

    # the warnings are grouped and open with the keyboard
    page.focus("#dash-warnings details.dash-kind[data-kind=at_risk] > summary")
    page.keyboard.press("Enter")
    assert page.is_visible("#dash-warnings details.dash-kind[data-kind=at_risk] .dash-depts")

    # the indicator page: the chart, and the status the data give (14.2/10万 in 2024 against ≤12)
    page.click("#dash-warnings details.dash-kind[data-kind=at_risk] .dash-depts summary")
    page.click(f"#dash-warnings details.dash-kind[data-kind=at_risk] a[href$='/indicators/{w.mmr.pk}/']")
    assert chart_drawn(page, "#series-chart")
    assert page.inner_text("#status-badge") == "未达标"
    assert "14.2" in page.inner_text("#status-value")
    assert "孕产妇死亡率2024年为14.2/10万" in page.inner_text("#status-explanation")
    legend = page.evaluate("echarts.getInstanceByDom(document.querySelector('#series-chart')).getOption()"
                           ".series.map(s => s.name)")  # fmt: skip
    assert legend[0] == "合计" and "趋势预测" in legend
    _shot(page, "indicator-1366")

    # an approval in the browser: the dashboard shows the 2025 figures at once
    page.goto(f"{live_server.url}/tasks/{health_task.pk}/")
    page.click("#approve")
    page.wait_for_selector(".msg-success")
    page.goto(f"{live_server.url}/")
    assert page.inner_text(f"{plan_box} .kpi-notmet") == "0"
    assert "2025年" in page.inner_text(f"{plan_box} .dash-headline")


def test_pages_fit_a_phone(transactional_db, live_server, browser, data):  # noqa: F811
    w = data
    run_assessment(plan=w.plan, region=w.county)
    page = session(browser, live_server, "admin1")
    page.set_viewport_size(PHONE)
    page.reload()
    assert chart_drawn(page, f"#plan-{w.plan.pk} .chart")
    assert page_overflow(page) <= 0
    _shot(page, "dashboard-390")
    for path, name in (
        (f"/evaluation/plans/{w.plan.pk}/indicators/{w.kids.pk}/", "indicator-390"),
        (f"/evaluation/plans/{w.plan.pk}/", "overview-390"),
        (f"/evaluation/plans/{w.plan.pk}/compare/?level=town&indicator={w.hosp.pk}", "compare-390"),
        (f"/evaluation/plans/{w.plan.pk}/gender-gap/", "gender-gap-390"),
        (f"/plans/{w.plan.pk}/", "plan-390"),
    ):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert page_overflow(page) <= 0, f"{path} is wider than the phone"
        _shot(page, name)
    # the skip link is the first stop of the keyboard and leads to the content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
