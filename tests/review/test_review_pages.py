"""规划审核 through the Django test client: upload (good and broken files), the review page with the source
text, corrections re-read by the target grammar (bad targets explained), history, activation and archiving,
and who may do it (anonymous → login, another region → 404, other roles → 403)."""

import dataclasses
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from reporting.factories import PASSWORD, user

from planwatch.apps.accounts.models import Role
from planwatch.apps.plans.models import Indicator, Plan
from planwatch.apps.regions.models import Department
from planwatch.apps.review.models import Correction, PlanDocument

SMALL = Path(__file__).with_name("jiangjin_women_small.txt")


def login(client, u):
    assert client.login(username=u.username, password=PASSWORD)


def upload(client, data: bytes | None = None, name: str = "江津区妇女规划.txt", **extra):
    data = SMALL.read_bytes() if data is None else data
    return client.post("/review/", {"document": SimpleUploadedFile(name, data), **extra}, follow=True)


@pytest.fixture
def draft(client, world):
    login(client, world.users["admin"])
    upload(client)
    client.logout()
    return Plan.objects.get(population="women", region=world.county)


def test_upload_stores_a_draft_with_its_source_lines(client, world):
    login(client, world.users["admin"])
    r = upload(client)
    html = r.content.decode()
    plan = Plan.objects.get(population="women", region=world.county)
    assert plan.status == Plan.Status.DRAFT
    assert r.redirect_chain[-1][0] == f"/review/plans/{plan.pk}/"
    assert "已导入草稿「江津区妇女发展规划（2021—2030年）」：请逐项核对后生效" in html
    doc = PlanDocument.objects.get()
    assert doc.lines[11] == "2．孕产妇死亡率控制在8/10万以下。" and list(doc.plans.all()) == [plan]
    mmr = plan.indicators.get(name="孕产妇死亡率")
    assert mmr.source_line == 12
    assert '<li id="L12">2．孕产妇死亡率控制在8/10万以下。</li>' in html
    assert f'<tr id="ind-{mmr.pk}" data-line="12"' in html and 'href="#L12"' in html
    assert "草稿：不开启报送轮次、不参与监测评估、不在信息发布中公开" in html


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.txt", "empty.txt：文件为空"),
        (b"\x00\x01\x02\x03" * 100, "bin.txt", "bin.txt：文件是二进制数据，不是文本文件"),
        (b"PK\x03\x04 not really a zip", "broken.docx", "broken.docx："),
        (b"a,b\n1,2\n", "data.xlsx", "data.xlsx：不支持的文件格式，请上传 .txt、.docx、.pdf 或 .html 文件"),
        ("今天天气很好。\n我们去公园。\n".encode(), "note.txt", "note.txt：不是规划文本"),
        ("大渡口区妇女发展规划（2021—2030年）\n".encode() + SMALL.read_bytes().split(b"\n", 3)[3], "ddk.txt",
         "文件中的规划属于「大渡口区」，不是本地区（江津区）"),
    ],
)  # fmt: skip
def test_broken_uploads_are_explained_and_store_nothing(client, world, data, name, message):
    login(client, world.users["admin"])
    html = upload(client, data, name).content.decode()
    assert message in html, html[:3000]
    assert not Plan.objects.filter(population="women").exists() and not PlanDocument.objects.exists()


def test_an_oversized_upload_is_refused_before_parsing(client, world, settings):
    settings.PLANWATCH_UPLOAD_LIMITS = dataclasses.replace(settings.PLANWATCH_UPLOAD_LIMITS, max_bytes=200)
    login(client, world.users["admin"])
    html = upload(client).content.decode()
    assert "文件超过上传上限" in html and "未导入任何内容" in html
    assert not PlanDocument.objects.exists()


def test_no_file_chosen(client, world):
    login(client, world.users["admin"])
    html = client.post("/review/", {}, follow=True).content.decode()
    assert "请选择要上传的规划文件" in html


def test_duplicates_same_period_drafts_and_active_plans(client, world, draft):
    login(client, world.users["admin"])
    html = upload(client).content.decode()
    assert "江津区妇女规划.txt 已上传过（「江津区妇女发展规划（2021—2030年）」），未重复导入" in html
    changed = SMALL.read_bytes() + "\n（修订稿）\n".encode()
    html = upload(client, changed, "修订稿.txt").content.decode()
    assert "已有同期妇女规划草稿「江津区妇女发展规划（2021—2030年）」，未导入" in html
    assert "请勾选「替换同期草稿」" in html
    upload(client, changed, "修订稿.txt", replace="1")
    plan = Plan.objects.get(population="women")
    assert plan.pk != draft.pk and plan.source_file == "修订稿.txt"
    plan.status = Plan.Status.ACTIVE
    plan.save()
    html = upload(client, changed + b"\n", "again.txt", replace="1").content.decode()
    assert "已有同期妇女规划「江津区妇女发展规划（2021—2030年）」（生效），未导入" in html
    assert Plan.objects.get(population="women").pk == plan.pk


def edit_form(ind: Indicator, **changes) -> dict:
    form = {"name": ind.name, "unit": ind.unit, "direction": ind.direction, "attribute": ind.attribute,
            "target": ind.target_text, "departments": ind.departments_text, "origin": ind.origin,
            "promoted": "1" if ind.promoted else ""}  # fmt: skip
    return {**form, **changes}


def test_correcting_a_target_reparses_it_and_keeps_history(client, world, draft):
    admin = world.users["admin"]
    login(client, admin)
    ind = draft.indicators.get(name="孕产妇系统管理率")
    before = ind.target_text
    page = client.get(f"/review/indicators/{ind.pk}/").content.decode()
    assert '<li id="L13" class="hl">' in page  # the source line beside the form
    r = client.post(
        f"/review/indicators/{ind.pk}/",
        edit_form(ind, target="2025年达到96%，2030年达到98%以上", attribute="binding",
                  departments="区卫生健康委、区教委"),
        follow=True,
    )  # fmt: skip
    html = r.content.decode()
    assert r.redirect_chain[-1][0].endswith(f"/review/plans/{draft.pk}/#ind-{ind.pk}")
    assert "已保存「孕产妇系统管理率」" in html
    ind.refresh_from_db()
    assert (ind.target_kind, ind.target_comparator, ind.target_value, ind.target_year) == (
        "numeric_min", ">=", 98.0, 2030)  # fmt: skip
    assert ind.milestones[0]["year"] == 2025 and ind.milestones[0]["value"] == 96.0
    assert ind.attribute == "binding"
    assert sorted(ind.departments.values_list("name", flat=True)) == ["区卫生健康委", "区教委"]
    rows = {c.label: (c.old, c.new, c.user_id) for c in Correction.objects.filter(indicator=ind)}
    assert rows["目标"] == (f"{before}（不低于）", rows["目标"][1], admin.pk)
    assert rows["目标"][1] == "2025年达到96%，2030年达到98%以上（不低于）"
    assert rows["指标属性"][:2] == ("未标注", "约束性")
    assert rows["责任单位"][:2] == ("未填", "区卫生健康委、区教委")
    assert "约束性" in html and "未标注" in html  # the history on the review page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"target": "很重要"}, "目标「很重要」中未识别出数值、比较符或方向词"),
        ({"target": "≥150%"}, "目标「≥150%」的数值 150 超出「%」的合理范围（0～100%）"),
        ({"target": "2040年达到99%"}, "目标「2040年达到99%」中的年份 2040 不在规划期 2021—2030 内"),
        ({"target": "8/10万以下"}, "目标「8/10万以下」的单位「/10万」与指标单位「%」不一致"),
        ({"target": ""}, "请填写目标"),
        ({"target": "≥" + "9" * 300}, "目标原文共 301 字，超过 255 字的上限"),
        ({"unit": "斤"}, "未知单位「斤」"),
        ({"name": " "}, "请填写指标名称"),
        ({"attribute": "mandatory"}, "指标属性只能是约束性、预期性或未标注"),
        ({"departments": "区卫生健康委、区宣传部"}, "「区宣传部」不在江津区的部门列表中"),
        ({"origin": "appendix"}, "请选择指标在规划中的位置"),
    ],
)
def test_bad_corrections_are_explained_and_change_nothing(client, world, draft, changes, message):
    login(client, world.users["admin"])
    ind = draft.indicators.get(name="孕产妇系统管理率")
    before = Indicator.objects.filter(pk=ind.pk).values().get()
    html = client.post(f"/review/indicators/{ind.pk}/", edit_form(ind, **changes)).content.decode()
    assert "未保存：" in html and message in html, html[:2000]
    assert Indicator.objects.filter(pk=ind.pk).values().get() == before
    assert not Correction.objects.filter(indicator=ind).exists()


def test_a_qualitative_target_is_kept_when_confirmed(client, world, draft):
    login(client, world.users["admin"])
    ind = draft.indicators.get(name="女性接受高等教育比例")
    client.post(f"/review/indicators/{ind.pk}/", edit_form(ind, target="实现基本普及", qualitative="1"))
    ind.refresh_from_db()
    assert ind.target_kind == "qualitative" and ind.target_text == "实现基本普及"


def test_a_stopped_department_is_refused(client, world, draft):
    Department.objects.filter(pk=world.education.pk).update(active=False)
    login(client, world.users["admin"])
    ind = draft.indicators.get(name="高中阶段毛入学率")
    html = client.post(f"/review/indicators/{ind.pk}/", edit_form(ind, departments="区教委")).content.decode()
    assert "「区教委」已停用" in html


def test_activate_then_archive(client, world, draft):
    login(client, world.users["admin"])
    html = client.post(
        f"/review/plans/{draft.pk}/status/", {"action": "activate"}, follow=True
    ).content.decode()
    assert "已生效：可以开启报送轮次、评估和发布" in html
    assert Plan.objects.get(pk=draft.pk).status == Plan.Status.ACTIVE
    html = client.post(
        f"/review/plans/{draft.pk}/status/", {"action": "activate"}, follow=True
    ).content.decode()
    assert "已经生效" in html
    client.post(f"/review/plans/{draft.pk}/status/", {"action": "archive"})
    assert Plan.objects.get(pk=draft.pk).status == Plan.Status.ARCHIVED
    statuses = list(Correction.objects.filter(plan=draft, label="状态").values_list("old", "new"))
    assert statuses == [("生效", "已归档"), ("草稿（待审核）", "生效")]


def test_an_empty_plan_cannot_be_activated(client, world, draft):
    draft.indicators.all().delete()
    login(client, world.users["admin"])
    html = client.post(
        f"/review/plans/{draft.pk}/status/", {"action": "activate"}, follow=True
    ).content.decode()
    assert "没有监测指标，不能生效" in html and Plan.objects.get(pk=draft.pk).status == "draft"


def review_urls(plan):
    ind = plan.indicators.first()
    return [("get", "/review/"), ("post", "/review/"), ("get", f"/review/plans/{plan.pk}/"),
            ("post", f"/review/plans/{plan.pk}/status/"), ("get", f"/review/indicators/{ind.pk}/"),
            ("post", f"/review/indicators/{ind.pk}/")]  # fmt: skip


def test_anonymous_goes_to_login(client, world, draft):
    for method, url in review_urls(draft):
        r = getattr(client, method)(url)
        assert r.status_code == 302 and "/accounts/login/" in r["Location"], url


@pytest.mark.parametrize("role", ["monitor", "evaluator", "leader", "health", "town"])
def test_other_roles_get_403(client, world, draft, role):
    login(client, world.users[role])
    for method, url in review_urls(draft):
        assert getattr(client, method)(url).status_code == 403, (role, url)


def test_another_regions_office_gets_404(client, world, draft):
    login(client, user("ddk_admin", Role.ADMIN, world.other_county))
    for method, url in review_urls(draft)[2:]:
        assert getattr(client, method)(url, {"action": "activate"}).status_code == 404, url
    assert draft.title not in client.get("/review/").content.decode()
    assert Plan.objects.get(pk=draft.pk).status == Plan.Status.DRAFT


def test_a_measure_target_is_promoted_into_the_main_indicators(client, world, draft):
    login(client, world.users["admin"])
    ind = draft.indicators.get(name="孕产妇死亡率")
    assert ind.origin == "goal" and not ind.is_measure
    client.post(f"/review/indicators/{ind.pk}/", edit_form(ind, origin="strategy"))
    ind.refresh_from_db()
    assert ind.is_measure
    html = client.get(f"/review/plans/{draft.pk}/").content.decode()
    assert "策略措施（措施目标）" in html and "不计入达标率" in html
    client.post(f"/review/indicators/{ind.pk}/", edit_form(ind, promoted="1"))
    ind.refresh_from_db()
    assert ind.promoted and not ind.is_measure
    changes = list(Correction.objects.filter(indicator=ind).order_by("id").values_list("label", "old", "new"))
    assert changes == [("位置", "主要目标", "策略措施（措施目标）"), ("列入主要指标", "否", "是")]


def test_a_plan_imported_on_the_command_line_shows_its_source_too(client, world):
    from click.testing import CliRunner

    from planwatch.cli import cli

    res = CliRunner().invoke(cli, ["plan", "import", str(SMALL), "--region", world.county.code])
    assert res.exit_code == 0, res.output
    plan = Plan.objects.get(population="women")
    assert PlanDocument.objects.get().plans.get() == plan
    login(client, world.users["admin"])
    html = client.get(f"/review/plans/{plan.pk}/").content.decode()
    assert '<li id="L12">2．孕产妇死亡率控制在8/10万以下。</li>' in html
    again = CliRunner().invoke(cli, ["plan", "import", str(SMALL), "--region", world.county.code])
    assert again.exit_code == 0 and PlanDocument.objects.count() == 1  # a skipped duplicate keeps nothing new
