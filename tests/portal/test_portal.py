"""信息发布 (public, no login) and 公众反馈: only published reports and approved data of published years, no
drafts, no names; the feedback form's bounds, CSRF and hourly limit; the office's inbox and who may open it."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from reporting.factories import PASSWORD, indicator, user

from planwatch.apps.accounts.models import Role
from planwatch.apps.evaluation.services import run_assessment
from planwatch.apps.plans.models import Area, Plan
from planwatch.apps.portal.models import Feedback
from planwatch.apps.reporting.models import Observation
from planwatch.apps.reports.models import Publication

APPROVED, SUBMITTED = Observation.Status.APPROVED, Observation.Status.SUBMITTED


def publish(world, year: int, settings, *, withdrawn=False) -> Publication:
    path = settings.DATA_DIR / "published" / f"{year}.docx"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"PK report")
    admin = world.users["admin"]
    pub = Publication.objects.create(
        kind="annual", plan=world.plan, region=world.county, year=year, format="docx",
        title=f"{year}年年度统计监测报告", file=str(path.relative_to(settings.DATA_DIR)),
        filename=f"江津区{year}年监测报告.docx", size=9, published_by=admin,
    )  # fmt: skip
    if withdrawn:
        from django.utils import timezone

        Publication.objects.filter(pk=pub.pk).update(withdrawn_at=timezone.now(), withdrawn_by=admin)
    return pub


@pytest.fixture
def public(world, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    obs = [(2021, 11.5, APPROVED), (2022, 10.25, APPROVED), (2023, 9.75, APPROVED), (2024, 8.5, SUBMITTED)]
    for year, value, status in obs:
        Observation.objects.create(
            indicator=world.mmr, region=world.county, year=year, value=value, status=status
        )
    run_assessment(plan=world.plan, year=2022)
    published = publish(world, 2022, settings)
    withdrawn = publish(world, 2023, settings, withdrawn=True)
    draft = Plan.objects.create(title="江津区妇女发展规划（征求意见稿）", population="women", region=world.county,
                                period_start=2021, period_end=2030)  # fmt: skip
    area = Area.objects.create(plan=draft, name="妇女与健康", order=1)
    secret = indicator(draft, area, 1, "草稿里的指标", "%", [world.health])
    world.users["admin"].first_name, world.users["admin"].last_name = "王", "小红"
    world.users["admin"].save()
    return {"published": published, "withdrawn": withdrawn, "draft": draft, "secret": secret}


def test_home_and_region_show_published_reports_only(client, world, public):
    home = client.get("/portal/").content.decode()
    assert "江津区" in home and "2022年年度统计监测报告" in home
    assert "2023年年度统计监测报告" not in home  # withdrawn
    region = client.get(f"/portal/regions/{world.county.code}/").content.decode()
    assert world.plan.title in region and "已发布 2022 年监测结果" in region
    assert public["draft"].title not in region
    for html in (home, region):
        assert "王小红" not in html and "admin1" not in html and "小红" not in html
    r = client.get(f"/portal/reports/{public['published'].pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"PK report"
    assert client.get(f"/portal/reports/{public['withdrawn'].pk}/").status_code == 404
    assert client.get("/portal/regions/500104/").status_code == 404  # no public plan there


def test_plan_and_indicator_pages_show_approved_data_of_published_years_only(client, world, public):
    plan = client.get(f"/portal/plans/{world.plan.pk}/").content.decode()
    assert "2022 年" in plan and "10.25/10万" in plan and "不可评估" in plan  # the stored assessment of 2022
    assert "9.75" not in plan and "8.5" not in plan and "2023 年" not in plan
    page = client.get(f"/portal/indicators/{world.mmr.pk}/").content.decode()
    assert "10.25/10万" in page  # the published year
    assert (
        "11.5" not in page and "9.75" not in page and "8.5" not in page
    )  # unpublished, withdrawn, unapproved
    assert 'id="chart"' in page and "≤12/10万" in page
    assert client.get(f"/portal/plans/{public['draft'].pk}/").status_code == 404
    assert client.get(f"/portal/indicators/{public['secret'].pk}/").status_code == 404


def test_a_plan_without_publication_shows_no_data(client, world, public):
    Publication.objects.all().delete()
    plan = client.get(f"/portal/plans/{world.plan.pk}/").content.decode()
    assert "该规划尚未发布监测结果" in plan and "10.25" not in plan
    page = client.get(f"/portal/indicators/{world.mmr.pk}/").content.decode()
    assert "暂无已发布的监测数据" in page and "11.5" not in page


def post_feedback(client, world, **fields):
    data = {"region": world.county.code, "name": "张女士", "contact": "13800000000", "message": "希望增加托育机构。",
            **fields}  # fmt: skip
    return client.post("/portal/feedback/", data, REMOTE_ADDR=fields.pop("ip", "10.0.0.1"), follow=True)


def test_feedback_reaches_the_office_inbox(client, world, public):
    r = post_feedback(client, world)
    assert "已收到您的反馈，江津区妇儿工委办将尽快处理" in r.content.decode()
    fb = Feedback.objects.get()
    assert (fb.region, fb.name, fb.status) == (
        world.county,
        "张女士",
        "open",
    ) and "10.0.0.1" not in fb.sender_digest
    admin = Client()
    admin.login(username="admin1", password=PASSWORD)
    inbox = admin.get("/manage/feedback/").content.decode()
    assert "希望增加托育机构" in inbox
    item = admin.get(f"/manage/feedback/{fb.pk}/").content.decode()
    assert "13800000000" in item and "张女士" in item
    admin.post(f"/manage/feedback/{fb.pk}/", {"answer": "已列入明年计划。", "public": "1"})
    fb.refresh_from_db()
    assert fb.status == "answered" and fb.public and fb.answered_by == world.users["admin"]
    region = client.get(f"/portal/regions/{world.county.code}/").content.decode()
    assert "希望增加托育机构" in region and "已列入明年计划" in region
    assert "张女士" not in region and "13800000000" not in region and "王小红" not in region
    admin.post(f"/manage/feedback/{fb.pk}/close/")
    assert Feedback.objects.get().status == "closed"
    assert "已关闭" in admin.post(f"/manage/feedback/{fb.pk}/close/", follow=True).content.decode()


def test_feedback_is_answered_privately_unless_the_office_chooses(client, world, public):
    post_feedback(client, world, message="个人情况，请不要公开。")
    fb = Feedback.objects.get()
    admin = Client()
    admin.login(username="admin1", password=PASSWORD)
    admin.post(f"/manage/feedback/{fb.pk}/", {"answer": "已电话联系。"})
    assert "请不要公开" not in client.get(f"/portal/regions/{world.county.code}/").content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"message": "字" * 1001}, "反馈内容共 1001 字，超过 1000 字的上限"),
        ({"message": "   "}, "请填写反馈内容"),
        ({"name": "名" * 31}, "称呼共 31 字，超过 30 字的上限"),
        ({"contact": "1" * 61}, "联系方式共 61 字，超过 60 字的上限"),
        ({"region": "500104"}, "请选择反馈的地区"),  # no public plan: no office to write to
        ({"region": "x" * 50}, "请选择反馈的地区"),
    ],
)
def test_bad_feedback_is_refused(client, world, public, fields, message):
    r = post_feedback(client, world, **fields)
    assert r.status_code == 400 and message in r.content.decode()
    assert not Feedback.objects.exists()


def test_hourly_limit_per_sender(client, world, public, settings):
    settings.PLANWATCH_FEEDBACK_PER_HOUR = 3
    for _ in range(3):
        assert post_feedback(client, world).status_code == 200
    r = post_feedback(client, world)
    assert r.status_code == 429
    assert "提交过于频繁：同一网络每小时最多提交 3 条反馈，请一小时后再试" in r.content.decode()
    assert Feedback.objects.count() == 3
    assert post_feedback(client, world, ip="10.0.0.2").status_code == 200  # another sender


def test_feedback_needs_the_csrf_token(world, public):
    strict = Client(enforce_csrf_checks=True)
    r = strict.post("/portal/feedback/", {"region": world.county.code, "message": "你好"})
    assert r.status_code == 403 and not Feedback.objects.exists()
    assert "页面已过期，未提交" in r.content.decode()  # in Chinese, not Django's technical notice


def inbox_urls(fb):
    return [("get", "/manage/feedback/"), ("get", f"/manage/feedback/{fb.pk}/"),
            ("post", f"/manage/feedback/{fb.pk}/"), ("post", f"/manage/feedback/{fb.pk}/close/")]  # fmt: skip


def test_inbox_access(client, world, public):
    post_feedback(client, world)
    fb = Feedback.objects.get()
    for method, url in inbox_urls(fb):
        r = getattr(client, method)(url)
        assert r.status_code == 302 and "/accounts/login/" in r["Location"], url
    for role in ("monitor", "evaluator", "leader", "health", "town"):
        client.force_login(world.users[role])
        for method, url in inbox_urls(fb):
            assert getattr(client, method)(url).status_code == 403, (role, url)
    client.force_login(user("ddk_admin", Role.ADMIN, world.other_county))
    assert "希望增加托育机构" not in client.get("/manage/feedback/").content.decode()
    for method, url in inbox_urls(fb)[1:]:
        assert getattr(client, method)(url, {"answer": "x"}).status_code == 404, url
    assert Feedback.objects.get().status == "open"
    assert not User.objects.filter(username="ddk_admin", is_staff=True).exists()
