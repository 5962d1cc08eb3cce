"""The parser meets documents it has never seen: whatever the bytes, it returns a Document or raises ParseError.

Property tests over arbitrary text, plan-like fragments and damaged copies of the seeds (lines dropped,
shuffled, cut in half, re-encoded). A crash of any other kind is a bug: a user would see a traceback instead of
a message naming the file and the problem.
"""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planwatch.domain.targets import TARGET_KINDS
from planwatch.parsing import model
from planwatch.parsing.document import parse_document
from planwatch.parsing.errors import ParseError

FRAGMENTS = [
    "江津区妇女发展规划（2021—2030年）",
    "儿童发展规划（2021-2025年）",
    "一、妇女与健康",
    "（一）妇女与健康",
    "主要目标：",
    "策略措施：",
    "1. 孕产妇死亡率控制在十万分之九以下。",
    "2.适龄妇女宫颈癌人群筛查率达到70%以上，2025年达到60%。",
    "8.5 岁以下儿童贫血率控制在10%以下。",
    "专栏1  2021－2030年妇女发展主要指标",
    "类别",
    "序号",
    "指标名称（单位）",
    "2030年目标值",
    "指标属性",
    "约束性",
    "预期性",
    "≥94",
    "<8",
    "45左右",
    "逐年提高",
    "2：3",
    "巩固",
    "提高",
    "不低于本地区党员总数中女性比例",
    "\ue003",
    "〖ZK(〗",
    "- 3 -",
    "９８．５％以 上",
    "重庆市江津区人民政府",
    "2022年12月29日",
    "随县政发〔2022〕19号",
    "",
]


def _check(data: bytes, name: str = "x.txt") -> None:
    try:
        doc = parse_document(data, name)
    except ParseError as exc:
        assert str(exc).strip(), "a ParseError must say what is wrong"
        return
    assert isinstance(doc, model.Document)
    for plan in doc.plans:
        start, end = plan.period
        assert 1949 < start <= end < 2100
        for ind in plan.indicators:
            assert ind.name and ind.target.kind in TARGET_KINDS
            assert ind.line is None or ind.line >= 1
    model.to_json(doc)  # what `plan parse --json` prints must always serialise


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=60), st.sampled_from(["\n", "\n\n", " ", ""])
)
def test_plan_like_fragments_never_crash(parts, sep):
    _check(sep.join(parts).encode("utf-8"))


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=0, max_size=400))
def test_arbitrary_text_never_crashes(text):
    _check(text.encode("utf-8", "surrogatepass") if text else b"")


@settings(max_examples=25, deadline=None)
@given(st.binary(min_size=0, max_size=2000))
def test_arbitrary_bytes_never_crash(data):
    _check(data)


@pytest.mark.parametrize("seed_key", ["000", "001", "002", "003", "004"])
@pytest.mark.parametrize("damage", ["drop", "shuffle", "truncate", "gb18030", "crlf"])
def test_damaged_seeds_parse_or_fail_cleanly(seed_paths, seed_key, damage):
    text = seed_paths[seed_key].read_text(encoding="utf-8")
    rng = random.Random(f"{seed_key}-{damage}")
    lines = text.split("\n")
    if damage == "drop":
        lines = [ln for ln in lines if rng.random() > 0.3]
    elif damage == "shuffle":
        cut = len(lines) // 2
        block = lines[cut : cut + 80]
        rng.shuffle(block)
        lines[cut : cut + 80] = block
    elif damage == "truncate":
        lines = lines[: len(lines) // 3]
        lines[-1] = lines[-1][: len(lines[-1]) // 2]
    text = "\n".join(lines)
    if damage == "crlf":
        data = text.replace("\n", "\r\n").encode("utf-8")
    elif damage == "gb18030":
        data = text.encode("gb18030")
    else:
        data = text.encode("utf-8")
    _check(data, seed_paths[seed_key].name)


@pytest.mark.parametrize("seed_key", ["000", "003"])
def test_gb18030_copy_reads_like_the_original(seed_paths, seed_key):
    """The same document in GB18030 gives the same indicators (encoding is detected, not assumed)."""
    raw = seed_paths[seed_key].read_bytes()
    original = parse_document(raw, seed_paths[seed_key].name)
    recoded = parse_document(raw.decode("utf-8").encode("gb18030"), seed_paths[seed_key].name)
    names = lambda d: [(i.name, i.target.kind, i.target.value) for p in d.plans for i in p.indicators]  # noqa: E731
    assert names(recoded) == names(original)
