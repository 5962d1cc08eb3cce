"""Every id in an import is checked against the importer's scope, all or nothing; problems beyond the cap
are counted, not listed (nor printed) one by one."""

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from planwatch.apps.plans.models import Area, Plan
from planwatch.apps.reporting import bulk, excel
from planwatch.apps.reporting.models import Observation
from planwatch.apps.reporting.services import MAX_PROBLEMS, ValidationFailed, WorkflowError
from planwatch.cli import cli

from .factories import indicator


@pytest.fixture
def foreign(world):
    """An indicator of 大渡口区's own plan: no business in 江津区's data."""
    plan = Plan.objects.create(status="active", title="大渡口区儿童发展规划（2021—2030年）", population="children",
                               region=world.other_county, period_start=2021, period_end=2030)  # fmt: skip
    area = Area.objects.create(plan=plan, name="儿童与健康", order=1)
    return indicator(plan, area, 1, "儿童医疗卫生机构数", "个", [world.other_dept], target_text="提高")


def csv(*rows: str) -> bytes:
    return ("地区代码,指标ID,年份,合计\n" + "\n".join(rows) + "\n").encode()


def test_history_import_refuses_another_regions_indicator_and_stores_nothing(world, foreign):
    data = csv(f"500116,{world.kids.pk},2020,10", f"500116,{foreign.pk},2020,3")
    with pytest.raises(ValidationFailed) as exc:
        bulk.import_series(data, "混入.csv", world.users["admin"])
    [problem] = exc.value.problems
    assert problem.rule == "无权导入" and problem.cell == "第3行"
    assert f"指标ID {foreign.pk} 不属于您可导入的规划" in problem.message
    assert "大渡口" not in str(problem)  # the other region's plan is not revealed
    assert not Observation.objects.exists()


def test_operator_import_without_user_still_keeps_indicators_in_their_plans_region(world, foreign, tmp_path):
    path = tmp_path / "混入.csv"
    path.write_bytes(csv(f"500116,{foreign.pk},2020,3"))
    out = CliRunner().invoke(cli, ["data", "import", str(path)])
    assert out.exit_code == 1
    assert f"第2行：指标ID {foreign.pk} 属于大渡口区的规划，不能导入江津区的数据" in out.output
    assert not Observation.objects.exists()
    # its own region (and the regions below the plan's) are fine
    path.write_bytes(csv(f"500104,{foreign.pk},2020,3", f"500116101,{world.kids.pk},2020,4"))
    assert CliRunner().invoke(cli, ["data", "import", str(path)]).exit_code == 0
    assert Observation.objects.count() == 2


def test_a_reporter_may_not_import_history_through_the_cli(world, tmp_path):
    path = tmp_path / "h.csv"
    path.write_bytes(csv(f"500116,{world.kids.pk},2020,10"))
    out = CliRunner().invoke(cli, ["data", "import", str(path), "--user", "health1"])
    assert out.exit_code == 1 and "无权导入" in out.output
    assert not Observation.objects.exists()


def test_a_task_workbook_is_imported_only_by_its_reporter(world, tasks, tmp_path):
    import io

    task = tasks["区卫生健康委"]
    wb = load_workbook(io.BytesIO(excel.build_template(task)))
    wb[excel.SHEET]["H4"] = 9.5
    path = tmp_path / "t.xlsx"
    wb.save(path)
    out = CliRunner().invoke(cli, ["data", "import", str(path), "--user", "edu1"])
    assert out.exit_code == 1 and "edu1 无权填报任务" in out.output
    with pytest.raises(WorkflowError):
        excel.import_task_workbook(task, path.read_bytes(), world.users["other"], filename="t.xlsx")
    assert not Observation.objects.exists()


def test_history_import_counts_problems_beyond_the_cap(world, tmp_path):
    n = MAX_PROBLEMS + 537
    data = csv(*(f"999999,{world.kids.pk},{2000 + i % 20},1" for i in range(n)))
    with pytest.raises(ValidationFailed) as exc:
        bulk.import_series(data, "坏.csv", world.users["admin"])
    assert len(exc.value.problems) == MAX_PROBLEMS and exc.value.total == n and exc.value.omitted == 537
    path = tmp_path / "坏.csv"
    path.write_bytes(data)
    out = CliRunner().invoke(cli, ["data", "import", str(path)])
    assert out.exit_code == 1 and f"共 {n} 处问题" in out.output and "还有 537 条问题未列出" in out.output
    assert len(out.output.splitlines()) <= MAX_PROBLEMS + 2


def test_history_page_shows_the_count_of_unlisted_problems(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reporting.factories import PASSWORD

    assert client.login(username="admin1", password=PASSWORD)
    data = csv(*(f"999999,{world.kids.pk},2020,1" for _ in range(MAX_PROBLEMS + 5)))
    text = client.post("/data/import/", {"file": SimpleUploadedFile("坏.csv", data)}).content.decode()
    assert f"共 {MAX_PROBLEMS + 5} 处问题" in text and "还有 5 条问题未列出" in text
    assert text.count("<li>「坏.csv」") == MAX_PROBLEMS
