import pytest
from click.testing import CliRunner

from planwatch.apps.regions.gazetteer import GazetteerError, load_regions
from planwatch.apps.regions.models import Region
from planwatch.cli import cli


@pytest.mark.django_db
def test_load_creates_hierarchy_with_parents_listed_after_children(tmp_path):
    f = tmp_path / "r.csv"
    f.write_text(
        "code,name,level,parent_code\n500116001,几江街道,town,500116\n500116,江津区,county,500000\n"
        "500000,重庆市,province,\n",
        encoding="utf-8",
    )
    assert load_regions(f) == 3
    town = Region.objects.get(code="500116001")
    assert [r.name for r in town.ancestors()] == ["江津区", "重庆市"]
    assert town.full_name == "重庆市江津区几江街道"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad_row, message",
    [
        ("1,甲,village,", "第3行：未知级别「village」"),
        ("1,甲,county,999", "第3行：上级代码 999 不存在"),
        (",甲,county,", "第3行：代码和名称不能为空"),
    ],
)
def test_bad_region_files_are_refused_whole(tmp_path, bad_row, message):
    f = tmp_path / "bad.csv"
    f.write_text(f"code,name,level,parent_code\n2,乙,county,\n{bad_row}\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=message):
        load_regions(f)
    assert not Region.objects.filter(code="2").exists()  # the good row before it is not kept: all-or-nothing


@pytest.mark.django_db
def test_missing_column_is_named(tmp_path):
    f = tmp_path / "cols.csv"
    f.write_text("code,name,level\n1,甲,county\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="缺少列 parent_code"):
        load_regions(f)


@pytest.mark.django_db
def test_regions_cli_reports_errors_in_chinese(tmp_path):
    f = tmp_path / "binary.csv"
    f.write_bytes(b"\xff\xfe\x00\xd8\x81\x82\x83")
    result = CliRunner().invoke(cli, ["regions", "load", str(f)])
    assert result.exit_code != 0
    assert "无法读取行政区划文件" in result.output and "不是 UTF-8 或 GBK 编码" in result.output
    assert "codec" not in result.output


@pytest.mark.django_db
def test_a_csv_saved_by_excel_in_gbk_is_read(tmp_path):
    """Excel on a Chinese Windows saves CSV in GBK; the other imports accept it, so does this one."""
    f = tmp_path / "gbk.csv"
    f.write_bytes("code,name,level,parent_code\n1,甲县,county,\n".encode("gbk"))
    result = CliRunner().invoke(cli, ["regions", "load", str(f)])
    assert result.exit_code == 0, result.output
    assert Region.objects.get(code="1").name == "甲县"
