"""planwatch.uploads without Django: every limit refuses with a Chinese message naming the file and the
limit, and the far-corner workbook is refused without the memory a dense grid would need."""

import subprocess
import sys
import textwrap
from dataclasses import replace

import pytest

from planwatch.uploads import TooLarge, UnreadableUpload, UploadLimits, read_csv_rows, read_table

from .hostile import far_corner_workbook, many_members_zip, rewrite, zip_bomb_workbook

LIMITS = UploadLimits()


def test_the_declared_far_corner_is_refused_before_reading():
    with pytest.raises(TooLarge) as exc:
        read_table(far_corner_workbook(), "角落.xlsx", LIMITS)
    message = str(exc.value)
    assert message.startswith("角落.xlsx：") and "A1:XFD1048576" in message and "250000 行" in message


def test_a_sheet_lying_about_its_dimension_is_caught_while_streaming():
    with pytest.raises(TooLarge) as exc:
        read_table(far_corner_workbook(lie=True), "说谎.xlsx", LIMITS)
    assert "第1048576行仍有数据" in str(exc.value) and "250000 行的上限" in str(exc.value)


def test_too_many_columns_declared_or_real():
    import io

    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(list(range(30)))
    buf = io.BytesIO()
    wb.save(buf)
    narrow = replace(LIMITS, max_columns=20)
    with pytest.raises(
        TooLarge, match=r"声明的范围为 A1:AD1（1 行 × 30 列），超过上限（最多 250000 行、20 列）"
    ):
        read_table(buf.getvalue(), "宽.xlsx", narrow)
    lying = rewrite(buf.getvalue(), lambda name, body: body.replace(b'ref="A1:AD1"', b'ref="A1"'))
    with pytest.raises(TooLarge, match="第1行第30列仍有数据，超过 20 列的上限"):
        read_table(lying, "宽.xlsx", narrow)
    assert read_table(buf.getvalue(), "宽.xlsx", LIMITS) == [list(range(30))]


@pytest.mark.parametrize("lie", [False, True])
def test_the_far_corner_workbook_needs_little_memory(lie, tmp_path):
    """In a process limited to 600 MB of address space (calamine asks for 512 GiB and aborts)."""
    path = tmp_path / "corner.xlsx"
    path.write_bytes(far_corner_workbook(lie=lie))
    script = textwrap.dedent(f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (600 * 2**20, 600 * 2**20))
        from planwatch.uploads import TooLarge, UploadLimits, read_table
        try:
            read_table(open({str(path)!r}, "rb").read(), "corner.xlsx", UploadLimits())
        except TooLarge as exc:
            print("REFUSED", exc)
        # VmHWM, not ru_maxrss: Linux carries the parent's ru_maxrss across exec
        hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM")][0]
        print("PEAK_MB", int(hwm.split()[1]) // 1024)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "REFUSED corner.xlsx：" in done.stdout
    peak = int(done.stdout.split("PEAK_MB")[1])
    assert peak < 200, done.stdout


def test_a_zip_bomb_is_refused_by_its_ratio_before_decompressing():
    bomb = zip_bomb_workbook(8)
    assert len(bomb) < 100_000
    with pytest.raises(TooLarge) as exc:
        read_table(bomb, "炸弹.xlsx", LIMITS)
    assert "压缩比" in str(exc.value) and "超过上限 100:1" in str(exc.value)


def test_a_zip_bomb_is_refused_by_its_total_inflated_size():
    with pytest.raises(TooLarge, match=r"炸弹.xlsx：解压后共 8.0 MB，超过上限 2 MB"):
        read_table(zip_bomb_workbook(8), "炸弹.xlsx", replace(LIMITS, max_unzipped_bytes=2 * 2**20))


def test_too_many_zip_members():
    with pytest.raises(TooLarge, match="600 个部件，超过上限 500 个"):
        read_table(many_members_zip(600), "部件.xlsx", LIMITS)


def test_file_size_limit_names_file_and_limit():
    with pytest.raises(TooLarge, match=r"大.csv：文件大小 \d+ KB，超过上传上限 1 KB"):
        read_table(b"a,b\n" * 2000, "大.csv", replace(LIMITS, max_bytes=1024))


def test_csv_row_and_column_caps():
    with pytest.raises(TooLarge, match="超过 5 行的上限"):
        read_csv_rows(b"a\n" * 6, "行.csv", replace(LIMITS, max_rows=5))
    assert len(read_csv_rows(b"a\n" * 5, "行.csv", replace(LIMITS, max_rows=5))) == 5
    with pytest.raises(TooLarge, match="第2行有 4 列，超过 3 列的上限"):
        read_csv_rows(b"a,b\n1,2,3,4\n", "列.csv", replace(LIMITS, max_columns=3))


def test_broken_files_are_unreadable_not_crashes():
    for data, name in [
        (b"PK\x03\x04broken", "坏.xlsx"),
        (b"\xd0\xcf\x11\xe0old", "旧.xls"),
        (b"notes", "n.txt"),
    ]:
        with pytest.raises(UnreadableUpload) as exc:
            read_table(data, name, LIMITS)
        assert str(exc.value).startswith(f"{name}：")
    with pytest.raises(UnreadableUpload, match="第2行不是有效的 CSV"):
        read_csv_rows(b"a\n" + b"x" * 200_000 + b"\n", "长.csv", LIMITS)


def test_rows_keep_their_sheet_numbering_and_drop_trailing_blanks():
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws["A1"], ws["B3"], ws["A6"] = "h", 2, None
    buf = io.BytesIO()
    wb.save(buf)
    assert read_table(buf.getvalue(), "x.xlsx", LIMITS) == [["h"], [], ["", 2]]


def test_limits_from_the_environment():
    limits = UploadLimits.from_env({"PLANWATCH_UPLOAD_MAX_MB": "5", "PLANWATCH_UPLOAD_MAX_ROWS": "1000"})
    assert limits.max_bytes == 5 * 2**20 and limits.max_rows == 1000 and limits.max_columns == 200
    with pytest.raises(ValueError, match="PLANWATCH_UPLOAD_MAX_ROWS 应为正数"):
        UploadLimits.from_env({"PLANWATCH_UPLOAD_MAX_ROWS": "lots"})


def test_reading_stops_at_the_time_budget():
    import io

    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("数据")
    for i in range(2000):
        ws.append([i, i * 2])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(TooLarge, match="读取时间超过 1e-06 秒的上限"):
        read_table(buf.getvalue(), "慢.xlsx", replace(LIMITS, max_seconds=1e-6))
    assert len(read_table(buf.getvalue(), "慢.xlsx", LIMITS)) == 2000
