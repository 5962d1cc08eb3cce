"""SDMX-CSV 2.x (data message) for approved observations: one row per cell, dimensions as SDMX codes.

Columns: STRUCTURE, STRUCTURE_ID, ACTION, REF_AREA, INDICATOR, SEX, AGE, URBANISATION, TIME_PERIOD, OBS_VALUE,
UNIT_MEASURE, OBS_STATUS (see README.md, "REST API"). Pure code: rows in, text out."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

MEDIA_TYPE = "application/vnd.sdmx.data+csv; version=2.1.0"
STRUCTURE = "dataflow"
STRUCTURE_ID = "PLANWATCH:WCDP(1.0.0)"
ACTION = "M"  # merge, the SDMX-CSV default: a receiver adds or updates these observations
COLUMNS = ("STRUCTURE", "STRUCTURE_ID", "ACTION", "REF_AREA", "INDICATOR", "SEX", "AGE", "URBANISATION",
           "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE", "OBS_STATUS")  # fmt: skip
TOTAL = "_T"  # SDMX code for "total" (no breakdown)
SEX_CODES = {"female": "F", "male": "M", "total": TOTAL}
URBANISATION_CODES = {"urban": "U", "rural": "R", "total": TOTAL}
# planwatch units → SDMX UNIT_MEASURE codes (SDG DSD style); other units are given as written in the plan
UNIT_CODES = {
    "%": "PT",
    "‰": "PER_1000",
    "1/万": "PER_10000",
    "1/10万": "PER_100000",
    "人": "PS",
    "名": "PS",
    "万人": "PS_10000",
    "人次": "PS_TIMES",
    "岁": "YR",
    "年": "YR",
    "元": "CNY",
    "万元": "CNY_10000",
    "亿元": "CNY_100000000",
    "个百分点": "PP",
    "": "_Z",
}
STATUS_NORMAL = "A"
STATUS_MISSING = "M"


@dataclass(frozen=True)
class SdmxObservation:
    region_code: str
    indicator_code: str  # dictionary code, else PW-<indicator id>
    sex: str  # total / female / male
    age_group: str
    area_type: str  # total / urban / rural
    year: int
    value: float | None
    unit: str


def indicator_code(dictionary_code: str | None, indicator_id: int) -> str:
    return dictionary_code or f"PW-{indicator_id}"


def number(value: float | None) -> str:
    """Shortest exact text of the value; an approved cell without a value is NaN (intentionally missing)."""
    if value is None:
        return "NaN"
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))


def row(o: SdmxObservation) -> list[str]:
    return [
        STRUCTURE, STRUCTURE_ID, ACTION, o.region_code, o.indicator_code,
        SEX_CODES.get(o.sex, o.sex), o.age_group or TOTAL, URBANISATION_CODES.get(o.area_type, o.area_type),
        str(o.year), number(o.value), UNIT_CODES.get(o.unit, o.unit),
        STATUS_NORMAL if o.value is not None else STATUS_MISSING,
    ]  # fmt: skip


def sdmx_csv(observations: Iterable[SdmxObservation]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180 line ends, as SDMX-CSV asks
    writer.writerow(COLUMNS)
    for o in observations:
        writer.writerow(row(o))
    return out.getvalue()
