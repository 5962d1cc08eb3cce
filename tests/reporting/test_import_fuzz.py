"""Hypothesis fuzzing of the historical-series import (CSV and XLSX, planwatch.apps.reporting.bulk): rows built
from real columns with plausible and hostile cells (text in number cells, huge and negative numbers, foreign
region codes and indicator ids, encodings, stray quotes), plus raw bytes. For a fixed budget the import
either stores the file or refuses it whole with Chinese problems; nothing else is raised and a refusal stores
nothing. (The parser and the target grammar are fuzzed in tests/parsing/test_robustness.py and
test_targets.py.)"""

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from planwatch.apps.reporting import bulk
from planwatch.apps.reporting.models import Observation
from planwatch.apps.reporting.services import ValidationFailed

FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
HEADER = ["地区代码", "指标ID", "年份", "合计", "女", "男"]
cells = st.one_of(
    st.sampled_from(
        [
            "",
            "12",
            "12.5",
            "-3",
            "1e308",
            "9" * 40,
            "十二",
            "12%",
            "１２",
            "1,5",
            "NaN",
            "inf",
            "=1+1",
            '"',
            "\u3000",
            "2023",
            "0",
        ]
    ),  # fmt: skip
    st.text(
        st.characters(exclude_categories=("Cc", "Cs")), max_size=12
    ),  # openpyxl refuses control characters
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)


def rows_strategy(world):
    region = st.sampled_from([world.county.code, world.other_county.code, "999999", "", "五〇〇一一六"])
    indicator = st.sampled_from([str(world.mmr.pk), str(world.enrol.pk), "0", "99999999999", "abc"])
    year = st.sampled_from(["2020", "2023", "1800", "3000", "二〇二三", ""])
    row = st.tuples(region, indicator, year, cells, cells, cells).map(list)
    return st.lists(row, min_size=0, max_size=8)


def assert_clean(data: bytes, name: str, user) -> None:
    before = Observation.objects.count()
    try:
        bulk.import_series(data, name, user)
    except ValidationFailed as exc:
        assert exc.problems, "a refusal names its problems"
        for p in exc.problems:
            assert any("\u4e00" <= ch <= "\u9fff" for ch in p.message), p
        assert Observation.objects.count() == before  # all or nothing


def test_csv_rows_import_or_fail_cleanly(world):
    @FUZZ
    @given(rows=rows_strategy(world), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    def check(rows, encoding):
        text = "\n".join(",".join(r) for r in [HEADER, *rows]) + "\n"
        assert_clean(text.encode(encoding, errors="replace"), "series.csv", world.users["admin"])

    check()


def test_xlsx_rows_import_or_fail_cleanly(world):
    @FUZZ
    @given(rows=rows_strategy(world))
    def check(rows):
        book = Workbook()
        sheet = book.active
        for r in [HEADER, *rows]:
            sheet.append(r)
        out = io.BytesIO()
        book.save(out)
        assert_clean(out.getvalue(), "series.xlsx", world.users["admin"])

    check()


def test_arbitrary_bytes_as_csv_or_xlsx_fail_cleanly(world):
    @FUZZ
    @given(data=st.binary(max_size=600), name=st.sampled_from(["a.csv", "a.xlsx", "a.xls", "a.txt"]))
    def check(data, name):
        assert_clean(data, name, world.users["admin"])

    check()
