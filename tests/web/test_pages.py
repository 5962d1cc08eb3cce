"""The reporting pages through the Django test client: form, upload (plain and htmx), review, board,
history, assignments, implementation reports, historical import."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from reporting.factories import PASSWORD

from planwatch.apps.reporting import excel
from planwatch.apps.reporting.models import Assignment, ImplementationReport, Observation, Task


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def filled(task, cells: dict[str, object]) -> SimpleUploadedFile:
    wb = load_workbook(io.BytesIO(excel.build_template(task)))
    for ref, value in cells.items():
        wb[excel.SHEET][ref] = value
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("卫健委.xlsx", buf.getvalue())


def test_form_shows_unit_target_last_year_and_cells(client, world, tasks):
    Observation.objects.create(indicator=world.kids, region=world.county, year=2022, value=95)
    login(client, world.users["education"])
    html = client.get(f"/tasks/{tasks['区教委'].pk}/").content.decode()
    assert "儿童与教育" in html and "在园幼儿数" in html and "提高" in html
    assert "超 ±30%时必填" in html and "超 ±5 个百分点时必填" in html  # each row's own threshold (人 / %)
    assert f'name="v-{world.kids.pk}-female"' in html and f'name="v-{world.kids.pk}-rural"' in html
    assert f'name="v-{world.kids.pk}-age:3岁"' in html
    assert f'name="v-{world.enrol.pk}-female"' not in html  # not asked by sex
    assert ">95<" in html  # last year's value
    assert "孕产妇死亡率" not in html  # another department's indicator


def test_form_draft_then_submit_and_errors_keep_the_typed_values(client, world, tasks):
    task = tasks["区卫生健康委"]
    login(client, world.users["health"])
    url = f"/tasks/{task.pk}/"
    r = client.post(url, {f"v-{world.mmr.pk}-total": "10.5", "action": "draft"})
    assert r.status_code == 302
    assert Task.objects.get(pk=task.pk).status == Task.Status.DRAFT
    bad = {f"v-{world.mmr.pk}-total": "10.5", f"v-{world.hosp.pk}-total": "101", f"n-{world.hosp.pk}": "5",
           f"d-{world.hosp.pk}": "4", "action": "submit"}  # fmt: skip
    html = client.post(url, bad).content.decode()
    assert "未保存：共 2 处问题" in html
    assert "「住院分娩率」合计：比率 101% 超过上限 100%（超出范围）" in html
    assert "「住院分娩率」分子：分子 5 大于分母 4（分子大于分母）" in html
    assert 'value="101"' in html  # what was typed is shown again
    good = {
        **bad,
        f"v-{world.hosp.pk}-total": "99",
        f"n-{world.hosp.pk}": "990",
        f"d-{world.hosp.pk}": "1000",
    }
    assert client.post(url, good).status_code == 302
    assert Task.objects.get(pk=task.pk).status == Task.Status.SUBMITTED
    assert "disabled" in client.get(url).content.decode()


def test_upload_plain_and_htmx(client, world, tasks):
    task = tasks["区卫生健康委"]
    login(client, world.users["health"])
    url = f"/tasks/{task.pk}/upload/"
    r = client.post(url, {"workbook": filled(task, {"H4": "abc", "H5": 200})}, headers={"HX-Request": "true"})
    html = r.content.decode()
    assert "共 2 处问题，未保存任何数据" in html and "H4（合计）" in html and "H5（合计）" in html
    assert "HX-Redirect" not in r
    r = client.post(url, {"workbook": filled(task, {"H4": 9.8, "H5": 99.2, "M5": 992, "N5": 1000})},
                    headers={"HX-Request": "true"})  # fmt: skip
    assert r["HX-Redirect"] == f"/tasks/{task.pk}/"
    assert Observation.objects.get(indicator=world.hosp).denominator == 1000
    r = client.post(url, {"workbook": filled(task, {"H4": -1})})
    assert "工作簿未导入" in r.content.decode()
    r = client.post(url, {"workbook": filled(task, {"H4": 9.9}), "submit": "1"})
    assert r.status_code == 302 and Task.objects.get(pk=task.pk).status == Task.Status.SUBMITTED


def test_template_download(client, world, tasks):
    login(client, world.users["health"])
    r = client.get(f"/tasks/{tasks['区卫生健康委'].pk}/template.xlsx")
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    assert excel.workbook_task_id(r.content) == tasks["区卫生健康委"].pk


def test_review_return_approve_reopen_and_history(client, world, tasks):
    task = tasks["区卫生健康委"]
    login(client, world.users["health"])
    data = {f"v-{world.mmr.pk}-total": "10", f"v-{world.hosp.pk}-total": "99", f"n-{world.hosp.pk}": "99",
            f"d-{world.hosp.pk}": "100", "action": "submit"}  # fmt: skip
    client.post(f"/tasks/{task.pk}/", data)
    client.logout()
    login(client, world.users["monitor"])
    review = f"/tasks/{task.pk}/review/"
    client.post(review, {"action": "return", "comment": ""})
    assert Task.objects.get(pk=task.pk).status == Task.Status.SUBMITTED  # a return needs a comment
    client.post(review, {"action": "return", "comment": "请核对孕产妇死亡率"})
    assert Task.objects.get(pk=task.pk).status == Task.Status.RETURNED
    client.logout()
    login(client, world.users["health"])
    assert "请核对孕产妇死亡率" in client.get(f"/tasks/{task.pk}/").content.decode()
    client.post(f"/tasks/{task.pk}/", {**data, f"v-{world.mmr.pk}-total": "11"})
    client.logout()
    login(client, world.users["monitor"])
    client.post(review, {"action": "approve", "comment": "同意"})
    assert Task.objects.get(pk=task.pk).status == Task.Status.APPROVED
    assert Observation.objects.approved().filter(task=task).count() == 2
    client.post(review, {"action": "reopen", "comment": ""})
    assert Task.objects.get(pk=task.pk).status == Task.Status.APPROVED  # reopening needs a reason
    html = client.get(f"/tasks/{task.pk}/history/").content.decode()
    for step in ("下发任务", "提交", "退回", "请核对孕产妇死亡率", "审核通过", "数据修改"):
        assert step in html
    assert "孕产妇死亡率 · 合计 · 数值" in html and ">10<" in html and ">11<" in html
    # the step and the time stay on one line (the narrow 环节 column wrapped 下发任务 over three lines)
    assert '<td class="nowrap">下发任务</td>' in html and '<td class="nowrap">审核通过</td>' in html


def test_progress_board(client, world, tasks):
    login(client, world.users["health"])
    client.post(f"/tasks/{tasks['区卫生健康委'].pk}/", {f"v-{world.mmr.pk}-total": "10", "action": "draft"})
    client.logout()
    login(client, world.users["leader"])
    html = client.get(f"/rounds/{tasks['区教委'].round_id}/").content.decode()
    assert "区卫生健康委" in html and "已暂存" in html and "未填报" in html
    assert "1/2" in html  # one of two required cells
    assert "echarts.min.js" in html
    partial = client.get(
        f"/rounds/{tasks['区教委'].round_id}/", headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in partial and "board-table" in partial


def test_assignments_are_editable_by_the_office(client, world, tasks):
    login(client, world.users["admin"])
    a = Assignment.objects.get(indicator=world.enrol)
    data = {f"lead-{x.pk}": x.lead_id or "" for x in Assignment.objects.all()}
    data |= {f"lead-{a.pk}": world.health.pk, f"sex-{a.pk}": "on", f"src-{a.pk}": "教育统计年报",
             f"partners-{a.pk}": [world.education.pk]}  # fmt: skip
    assert client.post(f"/plans/{world.plan.pk}/assignments/", data).status_code == 302
    a.refresh_from_db()
    assert (a.lead, a.by_sex, a.data_source) == (world.health, True, "教育统计年报")
    assert list(a.partners.all()) == [world.education]


def test_assignments_page_sets_the_year_on_year_threshold(client, world, tasks):
    login(client, world.users["admin"])
    a = Assignment.objects.get(indicator=world.enrol)
    html = client.get(f"/plans/{world.plan.pk}/assignments/").content.decode()
    assert "同比波动阈值" in html and "默认 5 个百分点" in html  # 学前教育毛入园率 is in %
    data = {f"lead-{x.pk}": x.lead_id or "" for x in Assignment.objects.all()}
    assert client.post(f"/plans/{world.plan.pk}/assignments/", data | {f"yoy-{a.pk}": "8"}).status_code == 302
    a.refresh_from_db()
    assert a.yoy_threshold == 8 and a.yoy.text() == "8 个百分点"


def test_a_bad_threshold_saves_no_assignment_and_names_the_indicator(client, world, tasks):
    login(client, world.users["admin"])
    a = Assignment.objects.get(indicator=world.enrol)
    data = {f"lead-{x.pk}": x.lead_id or "" for x in Assignment.objects.all()}
    data |= {f"yoy-{a.pk}": "很大", f"src-{a.pk}": "教育统计年报"}
    r = client.post(f"/plans/{world.plan.pk}/assignments/", data)
    html = r.content.decode()
    assert r.status_code == 400
    assert "「学前教育毛入园率」同比波动阈值：「很大」不是正数，未保存任何分工" in html
    assert 'value="很大"' in html and 'value="教育统计年报"' in html  # what was typed is kept
    a.refresh_from_db()
    assert a.yoy_threshold is None and a.data_source == ""
    r = client.post(f"/plans/{world.plan.pk}/assignments/", data | {f"yoy-{a.pk}": "-3"})
    assert r.status_code == 400 and "「-3」不是正数" in r.content.decode()


def test_implementation_report_upload_and_download(client, world, tasks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    task = tasks["区教委"]
    login(client, world.users["education"])
    r = client.post(f"/tasks/{task.pk}/reports/", {"report": SimpleUploadedFile("报告.exe", b"x")})
    assert not ImplementationReport.objects.exists()
    r = client.post(
        f"/tasks/{task.pk}/reports/", {"report": SimpleUploadedFile("报告.pdf", b"%PDF-1.4 report")}
    )
    assert r.status_code == 302
    report = ImplementationReport.objects.get()
    assert report.title == "2023年规划实施情况和2024年工作安排"
    assert b"".join(client.get(f"/reports/{report.pk}/").streaming_content) == b"%PDF-1.4 report"
    client.logout()
    login(client, world.users["health"])
    assert client.get(f"/reports/{report.pk}/").status_code == 403


def test_history_import_page(client, world):
    login(client, world.users["monitor"])
    csv = (
        f"地区代码,指标ID,年份,合计\n500116,{world.mmr.pk},2015,12\n500116,{world.mmr.pk},2016,abc\n".encode()
    )
    html = client.post("/data/import/", {"file": SimpleUploadedFile("h.csv", csv)}).content.decode()
    assert "共 1 处问题，未导入任何数据" in html and "「abc」不是数字" in html
    csv = f"地区代码,指标ID,年份,合计\n500116,{world.mmr.pk},2015,12\n".encode()
    html = client.post("/data/import/", {"file": SimpleUploadedFile("h.csv", csv)}).content.decode()
    assert "新增 1 个单元格" in html


def test_home_dashboards(client, world, tasks):
    login(client, world.users["education"])
    html = client.get("/").content.decode()
    assert "我的填报任务" in html and "区教委" in html and "区卫生健康委" not in html
    client.logout()
    login(client, world.users["monitor"])
    html = client.get("/").content.decode()
    assert "报送轮次" in html and "统计局监测组" in html


def test_malformed_posts_are_answered_not_crashed(client, world):
    login(client, world.users["monitor"])
    assert client.post("/rounds/", {"plan": "abc", "year": "x", "deadline": "y"}).status_code == 404
    r = client.post(
        "/rounds/", {"plan": world.plan.pk, "year": "二〇二三", "deadline": "2099-01-01"}, follow=True
    )
    assert "请填写正确的数据年份和截止日期" in r.content.decode()
    r = client.post("/data/import/", {"plan": "abc", "file": SimpleUploadedFile("x.xlsx", b"not a workbook")})
    assert "文件无法读取" in r.content.decode()


def test_board_lists_indicators_without_lead_and_adds_late_tasks(client, world, tasks):
    from planwatch.apps.regions.models import Department

    round_id = tasks["区教委"].round_id
    Assignment.objects.filter(indicator=world.enrol).update(lead=None)
    login(client, world.users["monitor"])
    html = client.get(f"/rounds/{round_id}/").content.decode()
    assert "1 项指标尚未指定牵头单位" in html and "学前教育毛入园率" in html and 'id="add-tasks"' not in html
    newcomer = Department.objects.create(region=world.county, name="区妇联", kind="妇联")
    Assignment.objects.filter(indicator=world.enrol).update(lead=newcomer)
    html = client.get(f"/rounds/{round_id}/").content.decode()
    assert "尚无任务" in html and "区妇联" in html and 'id="add-tasks"' in html
    login(client, world.users["health"])  # a reporter may not hand out tasks
    assert client.post(f"/rounds/{round_id}/add-tasks/").status_code == 403
    login(client, world.users["monitor"])
    r = client.post(f"/rounds/{round_id}/add-tasks/", follow=True)
    assert "已向 区妇联 补发任务" in r.content.decode()
    assert Task.objects.filter(round_id=round_id, department=newcomer).count() == 1
    assert client.get(f"/rounds/{round_id}/add-tasks/").status_code == 405


def test_a_reporter_without_tasks_is_told_where_they_will_appear(client, world):
    login(client, world.users["health"])
    html = client.get("/").content.decode()
    assert "我的填报任务" in html and "暂无填报任务" in html


def test_assignments_page_marks_goal_sentences_that_restate_a_table_row(client, world):
    from planwatch.apps.dictionary.models import DictionaryEntry, IndicatorLink
    from planwatch.apps.plans.models import Indicator

    entry = DictionaryEntry.objects.create(
        code="C-HEA-99", name="孕产妇死亡率", direction="lower_is_better", population="children", area="健康"
    )
    sentence = Indicator.objects.create(
        plan=world.plan, area=world.mmr.area, seq=9, name="孕产妇死亡率", unit="", origin="goal",
        target_text="持续降低", target_kind="direction_down",
    )  # fmt: skip
    for ind in (world.mmr, sentence):
        IndicatorLink.objects.create(indicator=ind, entry=entry, accepted=True, confidence=1.0)
    login(client, world.users["admin"])
    html = client.get(f"/plans/{world.plan.pk}/assignments/").content.decode()
    assert html.count("随该指标报送") == 1 and "重述专栏指标「孕产妇死亡率」（≤12/10万）" in html


def test_a_partner_department_sees_its_indicators_read_only(client, world, tasks):
    from planwatch.apps.reporting import services
    from planwatch.domain.cells import TOTAL
    from planwatch.reporting_rules import RawCell, RowInput

    # 在园幼儿数: lead 区教委, partner 区卫生健康委 (the plan's 责任单位 order).
    login(client, world.users["health"])
    html = client.get("/").content.decode()
    assert "配合指标" in html and "在园幼儿数" in html and "区教委" in html and "未填" in html
    services.save_task_data(
        tasks["区教委"], {world.kids.pk: RowInput(cells={TOTAL: RawCell("1200")})}, world.users["education"],
        source="form",
    )  # fmt: skip
    html = client.get("/").content.decode()
    assert ">1200<" in html and "已暂存" in html
    assert "学前教育毛入园率" not in html  # not a partner there
    # Reading is all: the partner's own task refuses the indicator, and the lead's task page stays closed.
    assert client.get(f"/tasks/{tasks['区教委'].pk}/").status_code in (403, 404)
    r = client.post(
        f"/tasks/{tasks['区卫生健康委'].pk}/", {f"v-{world.kids.pk}-total": "1", "action": "draft"}
    )
    assert "该指标不属于本任务" in r.content.decode()
    login(client, world.users["education"])
    assert "配合指标" not in client.get("/").content.decode()


def test_forbidden_and_missing_pages_speak_chinese(client, world, tasks, settings):
    """The 403 page gives the view's Chinese reason (Django's default is the bare English "403 Forbidden")."""
    settings.DEBUG = False
    login(client, world.users["education"])
    response = client.get(f"/tasks/{tasks['区卫生健康委'].pk}/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "没有权限" in html and "无权查看该任务" in html and "Forbidden" not in html
    response = client.get("/tasks/999999/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
