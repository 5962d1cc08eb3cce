"""A department renamed in 后台管理 → 部门 stays the department the plans' printed 责任单位 name: task assignment,
the dashboard's lead departments, the warnings list and the reports use its current name (in printed order),
the printed text stays the plan's source and is shown beside it, and the old name is kept as history."""

import pytest
from reporting.factories import PASSWORD, user

from planwatch.apps.accounts.models import Role
from planwatch.apps.administration import services as admin
from planwatch.apps.administration.models import AdminEvent
from planwatch.apps.dashboard.services import lead_departments
from planwatch.apps.evaluation.services import run_assessment
from planwatch.apps.plans.models import Indicator
from planwatch.apps.regions import departments
from planwatch.apps.regions.models import Department, DepartmentName
from planwatch.apps.reporting.models import Assignment
from planwatch.apps.reporting.services import ensure_assignments, responsible_departments
from planwatch.apps.review import services as review
from planwatch.apps.review.services import ReviewError

from .test_pages import text


def rename_through_the_page(client, w, dept, name):
    assert client.login(username=w.users["admin"].username, password=PASSWORD)
    r = client.post(f"/manage/departments/{dept.pk}/", {"name": name, "kind": dept.kind}, follow=True)
    assert r.status_code == 200 and f"名称：{dept.name}→{name}" in text(r)
    dept.refresh_from_db()
    assert dept.name == name


@pytest.fixture
def renamed(client, data):
    """区教委 → 区教育委员会 and 区卫生健康委 → 区卫生健康委员会, through the administration page."""
    w = data
    rename_through_the_page(client, w, w.education, "区教育委员会")
    rename_through_the_page(client, w, w.health, "区卫生健康委员会")
    client.logout()
    return w


def test_the_old_name_is_kept_and_logged(client, renamed):
    w = renamed
    client.force_login(w.users["admin"])
    assert "曾用名：区教委（至" in text(client.get("/manage/departments/"))
    assert w.education.known_names() == ["区教育委员会", "区教委"]
    assert list(DepartmentName.objects.values_list("name", flat=True).order_by("name")) == [
        "区卫生健康委",
        "区教委",
    ]
    assert AdminEvent.objects.filter(
        action=AdminEvent.Action.DEPARTMENT_CHANGED, subject="区教育委员会"
    ).exists()
    # the plan's printed text is untouched: it is the source
    w.kids.refresh_from_db()
    assert w.kids.departments_text == "区教委、区卫生健康委"
    assert departments.find(w.county, "区教委") == w.education
    assert departments.find(w.county, "区教育委员会") == w.education
    assert departments.find(w.other_county, "区教委") is None


def test_the_printed_first_department_still_leads(renamed):
    w = renamed
    ensure_assignments(w.plan)
    kids = Assignment.objects.get(indicator=w.kids)
    assert kids.lead == w.education and list(kids.partners.all()) == [w.health]
    assert lead_departments([w.plan])[w.kids.pk] == w.education


def test_dashboard_leads_follow_the_printed_order_without_assignments(renamed):
    w = renamed
    assert not Assignment.objects.exists()
    assert lead_departments([w.plan])[w.kids.pk] == w.education


def test_reports_and_warnings_use_current_names_with_the_printed_text(client, renamed):
    w = renamed
    names = responsible_departments([w.kids, w.mmr])
    assert names == {
        str(w.kids.pk): ["区教育委员会", "区卫生健康委员会"],
        str(w.mmr.pk): ["区卫生健康委员会"],
    }
    run_assessment(plan=w.plan, region=w.county)
    client.force_login(w.users["monitor"])
    r = client.get(f"/evaluation/plans/{w.plan.pk}/warnings/")
    body = text(r)
    assert r.status_code == 200 and "责任单位" in body
    assert "区卫生健康委员会规划原文：区卫生健康委" in body  # 孕产妇死亡率 is warned
    r = client.get(f"/plans/{w.plan.pk}/")
    assert "区教委、区卫生健康委现名：区教育委员会、区卫生健康委员会" in text(r)


def test_an_unrenamed_department_shows_no_second_name(client, data):
    w = data
    assert Indicator.objects.get(pk=w.kids.pk).departments_now == ""
    run_assessment(plan=w.plan, region=w.county)
    client.force_login(w.users["monitor"])
    body = text(client.get(f"/evaluation/plans/{w.plan.pk}/warnings/"))
    assert "区卫生健康委" in body and "规划原文" not in body


def test_review_accepts_the_old_name_and_keeps_the_text(renamed):
    w = renamed
    form = {"name": w.hosp.name, "unit": "%", "direction": "higher_is_better", "attribute": "",
            "origin": "table", "target": w.hosp.target_text, "departments": "区卫生健康委、区教委"}  # fmt: skip
    review.correct_indicator(w.users["admin"], w.hosp, form)
    w.hosp.refresh_from_db()
    assert w.hosp.departments_text == "区卫生健康委、区教委"
    assert set(w.hosp.departments.all()) == {w.health, w.education}
    with pytest.raises(ReviewError, match="「区妇联」不在江津区的部门列表中"):
        review.correct_indicator(w.users["admin"], w.hosp, {**form, "departments": "区妇联"})


def test_a_former_name_cannot_be_given_to_another_department(renamed):
    w = renamed
    admin_user = w.users["admin"]
    with pytest.raises(admin.AdminError, match="「区教委」是江津区「区教育委员会」的曾用名"):
        admin.create_department(admin_user, w.county, "区教委")
    other = Department.objects.create(region=w.county, name="区民政局")
    with pytest.raises(admin.AdminError, match="曾用名"):
        admin.change_department(admin_user, other, "区卫生健康委")
    # the department itself may take its old name back; another region is not affected
    assert admin.change_department(admin_user, w.education, "区教委", "教委") == [
        "名称：区教育委员会 → 区教委"
    ]
    assert admin.create_department(user("oa", Role.ADMIN, w.other_county), w.other_county, "区卫生健康委")
    assert departments.find(w.county, "区教委") == w.education
