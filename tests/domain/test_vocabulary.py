"""Target kinds, status codes and disaggregation cells of the domain package."""

import pytest

from planwatch.domain import cells, statuses, targets


def test_every_target_kind_has_a_label_and_the_sets_are_kinds():
    assert set(targets.KIND_LABELS) == set(targets.TARGET_KINDS)
    for group in (targets.NUMERIC_KINDS, targets.NEUTRAL_KINDS, targets.NOT_ASSESSABLE_KINDS):
        assert group <= set(targets.TARGET_KINDS)


def test_status_codes_and_labels_round_trip():
    assert statuses.CODES == ("met", "near", "not_met", "no_data", "not_assessable", "invalid")
    for code in statuses.CODES:
        assert statuses.code_of(statuses.label(code)) == code
        assert statuses.code_of(code) == code
    assert statuses.label("met") == "达标"
    with pytest.raises(ValueError, match="未知的评估状态「优秀」"):
        statuses.code_of("优秀")


def test_cell_keys_round_trip_and_labels():
    for key in ("total", "female", "male", "urban", "rural", "age:0-5岁"):
        assert cells.cell_key(cells.cell_from_key(key)) == key
    assert cells.cell_label(cells.FEMALE) == "女"
    assert cells.cell_label(cells.age_cell("0-5岁")) == "0-5岁"
    assert cells.breakdown_label("female", "rural", "0-5岁") == "女·农村·0-5岁"
    assert cells.breakdown_label("total", "total") == ""
    with pytest.raises(ValueError, match="未知单元格「old」"):
        cells.cell_from_key("old")
