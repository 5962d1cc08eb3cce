"""Document metadata from the notice that precedes the plans: issuer, region, date, 发文字号, 索引号.

Government web pages print a field block ("[ 索引号 ] …", "[ 发文字号 ] …", "[ 成文日期 ] 2023-02-27");
text copies of the notice print "XX人民政府关于印发…的通知", the document number "随县政发〔2022〕19号"
and the signing date "2022年12月29日". Fields are read from the text before the first plan title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ISSUER = re.compile(r"([\u4e00-\u9fa5]{2,24}?(?:人民政府|政府)(?:办公室|办公厅)?)(?:\s*)关于")
_ISSUER_FIELD = re.compile(r"(?:发布机构|发文机关|发文单位)\s*[\]】:：]?\s*([\u4e00-\u9fa5]{2,30})")
_DOC_NUMBER = re.compile(r"([\u4e00-\u9fa5]{1,12}[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d{1,4}\s*号)")
_INDEX = re.compile(r"索引号\s*[\]】:：]?\s*([0-9A-Za-z][0-9A-Za-z\-/_.]{5,60})")
_FIELD_DATE = re.compile(
    r"(?:成文日期|发文日期|印发日期)\s*[\]】:：]?\s*(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})"
)
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_PROVINCE = re.compile(r"^.*?(?:省|自治区|特别行政区)")
_UPPER_CITY = re.compile(
    r"^[\u4e00-\u9fa5]{2,10}?(?:市|地区|自治州|盟)(?=[\u4e00-\u9fa5]{1,10}(?:区|县|市|旗)$)"
)
_GOV = re.compile(r"(?:人民政府|政府)(?:办公室|办公厅)?$")


@dataclass
class Metadata:
    issuer: str | None = None
    region: str | None = None
    issued_date: str | None = None
    doc_number: str | None = None
    index_number: str | None = None


def region_of(issuer: str) -> str | None:
    """The lowest administrative unit named by an issuer: 重庆市江津区人民政府 → 江津区, 随县人民政府 → 随县."""
    name = _GOV.sub("", issuer)
    name = _PROVINCE.sub("", name)
    name = _UPPER_CITY.sub("", name)
    return name or None


def read_metadata(text: str) -> Metadata:
    """``text``: the normalised notice (everything before the first plan), paragraphs joined by newlines."""
    meta = Metadata()
    # per paragraph first: a document number printed just before "XX人民政府关于…" must not join the name
    m = next((m for line in text.split("\n") if (m := _ISSUER.search(line))), None)
    m = m or _ISSUER.search(text.replace("\n", ""))
    if m:
        meta.issuer = m.group(1)
    else:
        m = _ISSUER_FIELD.search(text)
        if m:
            meta.issuer = m.group(1)
    if meta.issuer:
        meta.region = region_of(meta.issuer)
    m = _FIELD_DATE.search(text) or _DATE.search(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        if 1 <= mo <= 12 and 1 <= d <= 31:
            meta.issued_date = f"{y:04d}-{mo:02d}-{d:02d}"
    m = _DOC_NUMBER.search(text)
    if m:
        meta.doc_number = re.sub(r"\s+", "", m.group(1))
        meta.doc_number = re.sub(r"^(?:发文字号|文号)", "", meta.doc_number)
    m = _INDEX.search(text)
    if m:
        meta.index_number = m.group(1)
    return meta
