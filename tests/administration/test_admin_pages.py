"""后台管理 through the Django test client: who may open each page (anonymous → login, another region → 404,
wrong role → 403), departments, accounts and roles, password reset with the forced change, the audit log."""

import pytest
from django.contrib.auth.models import User
from reporting.factories import PASSWORD

from planwatch.apps.accounts.models import Profile, Role
from planwatch.apps.administration.models import AdminEvent
from planwatch.apps.regions.models import Department


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def page_urls(world):
    dept, other = world.health.pk, world.users["health"].pk
    return [
        ("get", "/manage/"),
        ("get", "/manage/departments/"),
        ("post", f"/manage/departments/{dept}/"),
        ("post", f"/manage/departments/{dept}/active/"),
        ("get", "/manage/accounts/"),
        ("get", "/manage/accounts/new/"),
        ("get", f"/manage/accounts/{other}/"),
        ("post", f"/manage/accounts/{other}/password/"),
    ]


def test_anonymous_is_sent_to_login(client, world):
    for method, url in page_urls(world):
        r = getattr(client, method)(url)
        assert r.status_code == 302 and r["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("role", ["monitor", "evaluator", "leader", "health", "town"])
def test_other_roles_get_403(client, world, role):
    login(client, world.users[role])
    for method, url in page_urls(world):
        r = getattr(client, method)(url)
        assert r.status_code == 403, (role, url)
        assert "后台管理只对妇儿工委办开放" in r.content.decode()


def test_another_regions_office_gets_404_for_our_objects(client, world):
    from reporting.factories import user

    other_admin = user("otheradmin", Role.ADMIN, world.other_county)
    login(client, other_admin)
    for method, url in page_urls(world)[2:]:
        if "/new/" in url or url == "/manage/accounts/":
            continue
        assert getattr(client, method)(url).status_code == 404, url
    html = client.get("/manage/departments/").content.decode()
    assert "大渡口区卫生健康委" in html and "区卫生健康委<" not in html and 'value="区教委"' not in html
    accounts = client.get("/manage/accounts/").content.decode()
    assert "health1" not in accounts and "other1" in accounts


def test_office_sees_the_link_and_its_region(client, world):
    login(client, world.users["admin"])
    home = client.get("/").content.decode()
    assert 'href="/manage/"' in home and "后台管理" in home and 'href="/admin/"' not in home
    html = client.get("/manage/departments/").content.decode()
    assert 'value="区卫生健康委"' in html and 'value="区教委"' in html and "大渡口区卫生健康委" not in html


def test_create_rename_and_deactivate_a_department(client, world):
    admin = world.users["admin"]
    login(client, admin)
    r = client.post("/manage/departments/", {"name": "  区民政局 ", "kind": "民政局"}, follow=True)
    assert "已新增部门「区民政局」" in r.content.decode()
    dept = Department.objects.get(region=world.county, name="区民政局")
    r = client.post(
        f"/manage/departments/{dept.pk}/", {"name": "区民政局（区残联）", "kind": "民政局"}, follow=True
    )
    assert "名称：区民政局 → 区民政局（区残联）" in r.content.decode()
    r = client.post(f"/manage/departments/{dept.pk}/active/", {"active": "0"}, follow=True)
    assert "已停用部门「区民政局（区残联）」" in r.content.decode()
    assert not Department.objects.get(pk=dept.pk).active
    log = list(AdminEvent.objects.filter(region=world.county).values_list("action", "detail"))
    assert ("department_changed", "名称：区民政局 → 区民政局（区残联）") in log
    assert {a for a, _ in log} >= {"department_created", "department_deactivated"}
    assert AdminEvent.objects.filter(actor=admin).count() == 3


def test_bad_department_input_is_explained(client, world):
    login(client, world.users["admin"])
    html = client.post("/manage/departments/", {"name": "区教委"}, follow=True).content.decode()
    assert "江津区已有部门「区教委」，部门名称不能重复" in html
    html = client.post("/manage/departments/", {"name": "   "}, follow=True).content.decode()
    assert "请填写部门名称" in html
    html = client.post("/manage/departments/", {"name": "委" * 65}, follow=True).content.decode()
    assert "共 65 字，超过 64 字的上限" in html
    html = client.post(
        f"/manage/departments/{world.health.pk}/", {"name": "区教委"}, follow=True
    ).content.decode()
    assert "江津区已有部门「区教委」" in html
    assert Department.objects.filter(region=world.county).count() == 2
    # a department with working reporters cannot be switched off under them
    html = client.post(
        f"/manage/departments/{world.health.pk}/active/", {"active": "0"}, follow=True
    ).content.decode()
    assert "「区卫生健康委」还有 1 个启用的填报账号" in html
    assert Department.objects.get(pk=world.health.pk).active


def test_create_a_reporter_bound_to_a_department(client, world):
    login(client, world.users["admin"])
    r = client.post(
        "/manage/accounts/new/",
        {"username": "jj_mz", "full_name": "民政统计员", "role": "reporter", "region": world.county.pk,
         "department": world.education.pk, "password": "temp-pass-2026"},
        follow=True,
    )  # fmt: skip
    assert "已新建账号「jj_mz」" in r.content.decode()
    created = User.objects.get(username="jj_mz")
    assert created.profile.department == world.education and created.profile.must_change_password
    assert not created.is_staff and not created.is_superuser
    detail = AdminEvent.objects.get(action="account_created").detail
    assert detail == "民政统计员，部门填报员，江津区 · 区教委"


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"role": "reporter", "department": ""}, "部门填报员必须绑定一个部门"),
        ({"role": "reporter", "department": "OTHER"}, "不属于江津区，填报员只能绑定本地区的部门"),
        ({"role": "subregion"}, "在江津区只能设置这些角色"),
        ({"role": "admin", "region": "TOWN"}, "在几江街道只能设置这些角色：下级地区填报员"),
        ({"role": "monitor", "region": "PROVINCE"}, "请选择您管理范围内的地区"),
        ({"role": "monitor", "region": "OTHER_COUNTY"}, "请选择您管理范围内的地区"),
        ({"role": "superuser"}, "请选择角色"),
        ({"role": "monitor", "username": "health1"}, "用户名「health1」已被使用"),
        ({"role": "monitor", "username": "a b"}, "只能包含字母、数字"),
        ({"role": "monitor", "password": "short"}, "临时密码不符合要求"),
    ],
)
def test_accounts_beyond_the_office_power_are_refused(client, world, post, message):
    login(client, world.users["admin"])
    regions = {"TOWN": world.town.pk, "PROVINCE": world.province.pk, "OTHER_COUNTY": world.other_county.pk}
    data = {"username": "newbie", "full_name": "新同事", "region": world.county.pk, "department": "",
            "password": "temp-pass-2026", **post}  # fmt: skip
    data["region"] = regions.get(str(data["region"]), data["region"])
    if data["department"] == "OTHER":
        data["department"] = world.other_dept.pk
    html = client.post("/manage/accounts/new/", data).content.decode()
    assert message in html
    assert not User.objects.filter(username="newbie").exists()
    assert not AdminEvent.objects.exists()


def test_subregion_reporter_for_a_town(client, world):
    login(client, world.users["admin"])
    client.post(
        "/manage/accounts/new/",
        {"username": "jj_town2", "full_name": "几江街道统计员", "role": "subregion", "region": world.town.pk,
         "password": "temp-pass-2026"},
    )  # fmt: skip
    assert Profile.objects.get(user__username="jj_town2").region == world.town


def test_change_role_and_deactivate_keeps_history(client, world):
    login(client, world.users["admin"])
    target = world.users["education"]
    r = client.post(
        f"/manage/accounts/{target.pk}/",
        {"full_name": "区教委统计员", "role": "reporter", "department": world.health.pk, "active": "1"},
        follow=True,
    )
    html = r.content.decode()
    assert "角色：部门填报员（江津区 · 区教委） → 部门填报员（江津区 · 区卫生健康委）" in html
    assert "姓名：edu1 → 区教委统计员" in html
    client.post(
        f"/manage/accounts/{target.pk}/", {"full_name": "区教委统计员", "role": "leader", "active": "1"}
    )
    target.refresh_from_db()
    assert target.profile.role == Role.LEADER and target.profile.department is None
    client.post(f"/manage/accounts/{target.pk}/", {"full_name": "区教委统计员", "role": "leader"})
    assert not User.objects.get(pk=target.pk).is_active  # "active" not ticked
    assert AdminEvent.objects.filter(subject="edu1", action="account_changed").count() == 3


def test_the_office_cannot_edit_itself_or_a_superuser(client, world):
    admin = world.users["admin"]
    login(client, admin)
    assert client.get(f"/manage/accounts/{admin.pk}/").status_code == 403
    root = User.objects.create_superuser("root", password=PASSWORD)
    Profile.objects.create(user=root, role=Role.ADMIN, region=world.county)
    assert client.get(f"/manage/accounts/{root.pk}/").status_code == 404
    assert "root" not in client.get("/manage/accounts/").content.decode()


def test_password_reset_forces_a_change_at_next_login(client, world):
    admin, target = world.users["admin"], world.users["health"]
    login(client, admin)
    html = client.post(f"/manage/accounts/{target.pk}/password/", {"password": "abc"}, follow=True)
    assert "临时密码不符合要求" in html.content.decode()
    r = client.post(f"/manage/accounts/{target.pk}/password/", {"password": "temp-pass-2026"}, follow=True)
    assert "该用户下次登录时须修改密码" in r.content.decode()
    client.logout()

    assert client.login(username="health1", password="temp-pass-2026")
    r = client.get("/")
    assert r.status_code == 302 and r["Location"] == "/accounts/password/"
    assert client.get("/rounds/").status_code == 302
    api = client.get("/api/plans")
    assert api.status_code == 403 and api.json()["detail"] == "请先登录网页修改临时密码"
    page = client.get("/accounts/password/").content.decode()
    assert "妇儿工委办为您设置了临时密码" in page
    bad = client.post(
        "/accounts/password/",
        {"old_password": "temp-pass-2026", "new_password1": "x1", "new_password2": "x1"},
    ).content.decode()
    assert "密码" in bad and 'class="error"' in bad
    r = client.post(
        "/accounts/password/",
        {
            "old_password": "temp-pass-2026",
            "new_password1": "my-own-pass-99",
            "new_password2": "my-own-pass-99",
        },
    )
    assert r.status_code == 302
    assert client.get("/").status_code == 200
    assert not Profile.objects.get(user=target).must_change_password
    actions = list(AdminEvent.objects.filter(subject="health1").values_list("action", flat=True))
    assert actions == ["password_changed", "password_reset"]


def test_overview_counts_drafts_open_feedback_and_accounts(client, world):
    from planwatch.apps.plans.models import Plan
    from planwatch.apps.portal.models import Feedback

    for population, title in (("women", "妇女规划"), ("children", "儿童规划（2021—2025年）")):
        Plan.objects.create(title=title, population=population, region=world.county, period_start=2021,
                            period_end=2025)  # fmt: skip
    Feedback.objects.create(region=world.county, message="建议", sender_digest="x")
    Feedback.objects.create(region=world.other_county, message="别处", sender_digest="y")
    login(client, world.users["admin"])
    html = client.get("/manage/").content.decode()
    assert "<strong>2</strong><span>待审核的规划草稿（生效 1 个）" in html
    assert "<strong>1</strong><span>待处理的公众反馈" in html
    assert "<strong>7</strong><span>启用的账号" in html  # the county's seven, not 大渡口区's
