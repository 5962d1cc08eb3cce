"""The committee office's pages and the public portal in headless chromium: plan review (upload, the source
line highlighted by click and by keyboard focus, a bad target refused, a correction saved with history,
activation), administration (a duplicate department refused, a new reporter account whose temporary
password must be changed at the first login), the portal hiding unpublished data, and feedback reaching the
office's inbox and its public answer. Screenshots go to PLANWATCH_SCREENSHOTS."""

from pathlib import Path

import pytest
from portal.test_portal import public  # noqa: F401  (fixture)

from planwatch.apps.plans.models import Plan
from planwatch.apps.portal.models import Feedback
from planwatch.apps.review.models import Correction

from .test_round_e2e import CHROMIUM, _shot, browser, session  # noqa: F401  (browser is a fixture)

pytestmark = [pytest.mark.browser]

SMALL = Path(__file__).resolve().parent.parent / "review" / "jiangjin_women_small.txt"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def highlighted(page) -> list[str]:
    return page.eval_on_selector_all("#source li.hl", "els => els.map(e => e.id)")


def test_plan_review_correction_and_activation(transactional_db, live_server, browser, world):  # noqa: F811
    page = session(browser, live_server, "admin1")
    page.set_viewport_size(LAPTOP)
    page.click("nav >> text=后台管理")
    page.click(".subnav >> text=规划审核")
    page.set_input_files("#upload-form input[name=document]", str(SMALL))
    page.click("#upload-button")
    page.wait_for_selector("#plan-status")
    assert page.inner_text("#plan-status") == "草稿（待审核）"
    assert "已导入草稿「江津区妇女发展规划（2021—2030年）」" in page.inner_text(".messages")
    plan = Plan.objects.get(population="women")

    # clicking an indicator's line number highlights its source line; keyboard focus does the same
    mmr = plan.indicators.get(name="孕产妇死亡率")
    page.click(f"#ind-{mmr.pk} a.line-link")
    assert highlighted(page) == ["L12"]
    assert page.is_visible("#L12") and "孕产妇死亡率控制在8/10万以下" in page.inner_text("#L12")
    _shot(page, "review-plan-1366")
    rate = plan.indicators.get(name="孕产妇系统管理率")
    page.focus(f"#ind-{rate.pk} a.edit-link")
    assert highlighted(page) == ["L13"]
    assert page.eval_on_selector(f"#ind-{rate.pk}", "e => e.classList.contains('active')")

    # a target the grammar cannot read is refused with a Chinese message; a good one is saved
    page.keyboard.press("Enter")
    page.wait_for_selector("#indicator-form")
    assert highlighted(page) == ["L13"]
    page.fill("#target", "很重要")
    page.click("#save")
    page.wait_for_selector(".msg-error")
    assert "目标「很重要」中未识别出数值、比较符或方向词" in page.inner_text(".msg-error")
    _shot(page, "review-bad-target")
    page.fill("#target", "2025年达到96%，2030年达到98%以上")
    page.select_option("#attribute", "binding")
    page.fill("#departments", "区卫生健康委")
    page.click("#save")
    page.wait_for_selector(f"#ind-{rate.pk}.corrected")
    assert "2025年达到96%，2030年达到98%以上" in page.inner_text(f"#ind-{rate.pk} .ind-target")
    history = page.inner_text("#history")
    assert "约束性" in history and "未标注" in history and "admin1" in history
    rate.refresh_from_db()
    assert (rate.target_value, rate.attribute, rate.milestones[0]["value"]) == (98.0, "binding", 96.0)
    assert Correction.objects.filter(indicator=rate, user=world.users["admin"]).count() == 3

    page.click("#activate")
    page.wait_for_selector("#plan-status:has-text('生效')")
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.ACTIVE
    _shot(page, "review-after")
    page.set_viewport_size(PHONE)
    page.reload()
    assert overflow(page) <= 0
    _shot(page, "review-390")


def test_administration_department_and_new_account(transactional_db, live_server, browser, world):  # noqa: F811
    page = session(browser, live_server, "admin1")
    page.set_viewport_size(LAPTOP)
    page.click("nav >> text=后台管理")
    page.click(".subnav >> text=部门")
    page.fill("#new-department input[name=name]", "区教委")
    page.click("#new-department button")
    assert "江津区已有部门「区教委」，部门名称不能重复" in page.inner_text(".msg-error")
    page.fill("#new-department input[name=name]", "区民政局")
    page.fill("#new-department input[name=kind]", "民政局")
    page.click("#new-department button")
    page.wait_for_selector("tr[data-department=区民政局]")
    _shot(page, "admin-departments")

    page.click(".subnav >> text=账号与角色")
    page.click("#new-account")
    page.fill("input[name=username]", "jj_mz")
    page.fill("input[name=full_name]", "区民政局统计员")
    page.select_option("#role", "reporter")
    page.select_option("#department", label="区民政局")
    page.fill("input[name=password]", "temp-pass-2026")
    page.click("#account-form button[type=submit]")
    page.wait_for_selector("tr[data-username=jj_mz]")
    assert "待修改临时密码" in page.inner_text("tr[data-username=jj_mz]")
    _shot(page, "admin-accounts")
    page.set_viewport_size(PHONE)
    assert overflow(page) <= 0
    _shot(page, "admin-accounts-390")

    # the new reporter must choose a password before anything else
    newbie = browser.new_context(locale="zh-CN").new_page()
    newbie.set_default_timeout(10000)
    newbie.goto(f"{live_server.url}/accounts/login/")
    newbie.fill("input[name=username]", "jj_mz")
    newbie.fill("input[name=password]", "temp-pass-2026")
    newbie.click("button[type=submit]")
    newbie.wait_for_url(f"{live_server.url}/accounts/password/")
    assert "妇儿工委办为您设置了临时密码" in newbie.inner_text("#forced")
    newbie.goto(f"{live_server.url}/rounds/")
    assert newbie.url.endswith("/accounts/password/")
    _shot(newbie, "password-forced")
    newbie.fill("input[name=old_password]", "temp-pass-2026")
    newbie.fill("input[name=new_password1]", "my-own-pass-99")
    newbie.fill("input[name=new_password2]", "my-own-pass-99")
    newbie.click("#password-form button")
    newbie.wait_for_url(f"{live_server.url}/")
    assert "密码已修改" in newbie.inner_text(".messages")
    assert "区民政局统计员" in newbie.inner_text(".who")


def test_portal_hides_unpublished_data_and_feedback_reaches_the_office(
    transactional_db,
    live_server,
    browser,  # noqa: F811
    world,
    public,  # noqa: F811
):
    visitor = browser.new_context(locale="zh-CN").new_page()
    visitor.set_default_timeout(10000)
    visitor.set_viewport_size(PHONE)
    visitor.goto(f"{live_server.url}/portal/")
    assert "2022年年度统计监测报告" in visitor.inner_text("main")
    assert "2023年年度统计监测报告" not in visitor.inner_text("main")  # withdrawn
    visitor.click("#regions >> text=江津区")
    plans = visitor.inner_text("#plans")
    assert world.plan.title in plans and public["draft"].title not in plans
    visitor.click(f"#plans >> text={world.plan.title}")
    table = visitor.inner_text("#indicators")
    assert "10.25/10万" in table and "9.75" not in table and "8.5" not in table
    assert overflow(visitor) <= 0
    _shot(visitor, "portal-plan-390")
    visitor.click("#indicators >> text=孕产妇死亡率")
    visitor.wait_for_selector("#chart svg")
    values = visitor.evaluate(
        "echarts.getInstanceByDom(document.querySelector('#chart')).getOption().series[0].data"
    )
    assert values == [10.25]  # 2021 unpublished, 2023 withdrawn, 2024 not approved
    main = visitor.inner_text("main")
    assert "王小红" not in main and "admin1" not in main
    _shot(visitor, "portal-indicator-390")

    # feedback, with the keyboard
    visitor.goto(f"{live_server.url}/portal/regions/{world.county.code}/")
    visitor.click("text=向江津区妇儿工委办反馈意见")
    assert visitor.input_value("#fb-region") == world.county.code
    visitor.focus("#fb-name")
    visitor.keyboard.type("李先生")
    visitor.keyboard.press("Tab")
    visitor.keyboard.type("13900000000")
    visitor.keyboard.press("Tab")
    visitor.keyboard.type("建议公布托育机构名单。")
    visitor.keyboard.press("Tab")
    visitor.keyboard.press("Enter")
    visitor.wait_for_selector(".msg-success")
    assert "已收到您的反馈" in visitor.inner_text(".msg-success")
    _shot(visitor, "portal-feedback-390")
    fb = Feedback.objects.get()

    office = session(browser, live_server, "admin1")
    office.set_viewport_size(LAPTOP)
    office.click("nav >> text=后台管理")
    office.click(".subnav >> text=公众反馈")
    assert "建议公布托育机构名单" in office.inner_text("#inbox")
    office.click(f"a[href='/manage/feedback/{fb.pk}/']")
    office.wait_for_selector("#answer-form")
    assert "13900000000" in office.inner_text("main")
    office.fill("#answer-form textarea", "名单已在区政府网站公布。")
    office.check("#answer-form input[name=public]")
    office.click("#answer")
    office.wait_for_selector(".msg-success")
    _shot(office, "inbox-answered")
    assert Feedback.objects.get().status == "answered"

    visitor.goto(f"{live_server.url}/portal/regions/{world.county.code}/")
    main = visitor.inner_text("main")
    assert "建议公布托育机构名单" in main and "名单已在区政府网站公布" in main
    assert "李先生" not in main and "13900000000" not in main
    _shot(visitor, "portal-region-390")
