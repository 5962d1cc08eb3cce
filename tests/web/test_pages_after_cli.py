"""Pages over what the command line made without --user: no user on the round or on its events."""

import io

from click.testing import CliRunner
from openpyxl import load_workbook
from reporting.factories import PASSWORD, configure_assignments

from planwatch.apps.reporting import excel
from planwatch.apps.reporting.models import Round, TaskEvent
from planwatch.cli import cli


def test_rounds_board_task_and_history_pages_after_a_cli_round_without_user(client, world, tmp_path):
    configure_assignments(world)
    out = CliRunner().invoke(cli, ["data", "open-round", "--plan", str(world.plan.pk), "--year", "2023",
                                   "--deadline", "2099-03-31"])  # fmt: skip
    assert out.exit_code == 0, out.output
    round_ = Round.objects.get()
    assert round_.opened_by is None
    task = round_.tasks.get(department=world.health)
    wb = load_workbook(io.BytesIO(excel.build_template(task)))
    wb[excel.SHEET]["H4"] = "abc"  # rejected: an event without a user
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    assert CliRunner().invoke(cli, ["data", "import", str(path)]).exit_code == 1
    assert TaskEvent.objects.filter(task=task, user=None).count() == 2

    for who in ("monitor", "health", "leader"):
        assert client.login(username=world.users[who].username, password=PASSWORD)
        page = client.get("/rounds/")
        assert page.status_code == 200, who
        if who == "monitor":
            assert "命令行（未指定用户）" in page.content.decode()
        client.logout()
    assert client.login(username="monitor1", password=PASSWORD)
    assert client.get(f"/rounds/{round_.pk}/").status_code == 200
    assert client.get(f"/tasks/{task.pk}/").status_code == 200
    history = client.get(f"/tasks/{task.pk}/history/")
    assert history.status_code == 200 and "系统" in history.content.decode()
