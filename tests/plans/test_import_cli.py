"""``planwatch plan import`` end to end: real seed documents through the parser into the database."""

import pytest
from click.testing import CliRunner

from planwatch.apps.plans.models import Indicator, Plan
from planwatch.cli import cli

pytestmark = pytest.mark.django_db


def test_all_five_seeds_import_into_nine_plans(seed_paths):
    result = CliRunner().invoke(cli, ["plan", "import", *map(str, seed_paths.values())])
    assert result.exit_code == 0, result.output
    assert (
        Plan.objects.count() == 9
    )  # four documents hold a women's and a children's plan, 大渡口 only a children's
    assert set(Plan.objects.values_list("region__name", flat=True)) == {
        "江津区",
        "腾冲市",
        "随县",
        "宝坻区",
        "大渡口区",
    }
    assert Plan.objects.filter(period_end=2025).count() == 2  # 宝坻区's 十四五 plans
    # every plan has areas and indicators with a typed target and the line it came from
    for plan in Plan.objects.all():
        assert plan.areas.exists(), plan.title
        assert plan.indicators.count() >= 20, plan.title
    assert not Indicator.objects.filter(source_line__isnull=True).exists()
    assert "规划导入结果" in result.output


def test_importing_the_same_files_again_stores_nothing_new(seed_paths):
    runner = CliRunner()
    runner.invoke(cli, ["plan", "import", str(seed_paths["000"])])
    before = Indicator.objects.count()
    again = runner.invoke(cli, ["plan", "import", str(seed_paths["000"])])
    assert again.exit_code == 0
    assert "已导入过" in again.output
    assert Indicator.objects.count() == before


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "空"),
        (bytes(range(256)) * 20, "二进制"),
        ("今天天气很好。我们去公园散步。".encode(), "不是规划"),
    ],
)
def test_bad_files_fail_with_a_message_and_store_nothing(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = CliRunner().invoke(cli, ["plan", "import", str(bad)])
    assert result.exit_code != 0
    assert "bad.txt" in result.output and message in result.output
    assert result.output.count("bad.txt") == 1  # named once, not "bad.txt：bad.txt：…"
    assert not Plan.objects.exists()


def test_missing_file_is_named(tmp_path):
    result = CliRunner().invoke(cli, ["plan", "import", str(tmp_path / "nope.txt")])
    assert result.exit_code != 0
    assert "文件不存在" in result.output


def test_one_bad_file_does_not_stop_the_good_ones(tmp_path, seed_paths):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = CliRunner().invoke(cli, ["plan", "import", str(bad), str(seed_paths["004"])])
    assert result.exit_code != 0  # a failed file makes the run fail …
    assert (
        Plan.objects.filter(region__name="大渡口区").count() == 1
    )  # … but the good document is stored whole


def test_unknown_region_code_is_refused_before_anything_is_read(seed_paths):
    result = CliRunner().invoke(cli, ["plan", "import", "--region", "999999", str(seed_paths["004"])])
    assert result.exit_code != 0
    assert "行政区划代码 999999 不存在" in result.output
    assert not Plan.objects.exists()
