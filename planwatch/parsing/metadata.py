"""Document metadata from the notice that precedes the plans: issuer, region, date, 发文字号, 索引号.

Government web pages print a field block ("[ 索引号 ] …", "[ 发文字号 ] …", "[ 成文日期 ] 2023-02-27");
text copies of the notice print "XX人民政府关于印发…的通知", the document number "随县政发〔2022〕19号"
and the signing date "2022年12月29日". Fields are read from the text before the first plan title.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_ISSUER = re.compile(r"([\u4e00-\u9fa5]{2,24}?(?:人民政府|政府)(?:办公室|办公厅)?)(?:\s*)关于")
_ISSUER_FIELD = re.compile(r"(?:发布机构|发布机关|发文机关|发文单位)\s*[\]】:：]?\s*([\u4e00-\u9fa5]{2,30})")
_DOC_NUMBER = re.compile(r"([\u4e00-\u9fa5]{1,12}[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d{1,4}\s*号)")
_INDEX = re.compile(r"索引号\s*[\]】:：]?\s*([0-9A-Za-z][0-9A-Za-z\-/_.]{5,60})")
_FIELD_DATE = re.compile(
    r"(?:成文日期|发文日期|印发日期)\s*[\]】:：]?\s*(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})"
)
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# official documents often date in Chinese numerals: 二〇二二年十二月二十九日
_CN_DATE = re.compile(
    r"([〇零○一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
)
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}
_SIGNATURE = re.compile(r"^[\u4e00-\u9fa5]{2,24}?(?:人民政府|政府)(?:办公室|办公厅)?$")
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
    """The lowest administrative unit named by an issuer: 重庆市江津区人民政府 → 江津区, 随县人民政府 → 随县,
    广东省人民政府 → 广东省, 中华人民共和国国务院 → 全国."""
    name = _GOV.sub("", issuer)
    if name in ("全国", "中华人民共和国国务院", "国务院", "中华人民共和国", "国务院办公厅"):
        return "全国"
    province = _PROVINCE.match(name)
    name = _PROVINCE.sub("", name)
    name = _UPPER_CITY.sub("", name)
    return name or (province.group() if province else None)


# A title may name its region bare ("昆明妇女发展规划", "江津妇女发展规划"): the text says which unit it is, by the
# full name ("昆明市人民政府") or by how it calls itself ("我区", "全区", "本县").
_BARE_NAME = re.compile(r"^[\u4e00-\u9fa5]{2,6}$")
_NOT_A_PLACE = re.compile(r"关于|印发|政府|通知|规划|发展|妇女|儿童")
_UNIT_SUFFIX = r"(?:自治区|自治州|特别行政区|地区|省|市|区(?!域|间|别|分)|县|州|盟|旗)"
_SELF_REFERENCE = re.compile(r"(?:我|全|本)(省|市|区(?!域|间|别|分)|县|州|盟|旗)")


def region_of_bare_name(bare: str, text: str) -> str | None:
    """ "昆明" + a text printing "昆明市人民政府" → 昆明市; "江津" + a text saying "我区…全区…" → 江津区; else None."""
    if not _BARE_NAME.match(bare) or _NOT_A_PLACE.search(bare):
        return None
    full = Counter(m.group() for m in re.finditer(re.escape(bare) + _UNIT_SUFFIX, text))
    if full:
        return full.most_common(1)[0][0]
    own = Counter(m.group(1) for m in _SELF_REFERENCE.finditer(text))
    return bare + own.most_common(1)[0][0] if own else None


_MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")


def level_of(region: str | None, issuer: str | None = None) -> str | None:
    """国家 / 省级 / 市级 / 县级 from the region's name (直辖市 are 省级; their 区/县 are 县级)."""
    if not region:
        return None
    if region == "全国":
        return "国家"
    if region.endswith(("省", "自治区", "特别行政区")) or region in _MUNICIPALITIES:
        return "省级"
    if region.endswith(("区", "县", "旗")) and not region.endswith("地区"):
        return "县级"
    if region.endswith(("市", "州", "盟", "地区")):
        # a 县级市 is named by its 地级市 issuer ("湖北省随州市广水市人民政府")
        return "县级" if issuer and _UPPER_CITY.match(_PROVINCE.sub("", _GOV.sub("", issuer))) else "市级"
    return None


def _cn_small(text: str) -> int:
    """一 … 三十一 → 1 … 31."""
    if "十" not in text:
        return _CN_DIGIT[text]
    tens, _, ones = text.partition("十")
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)


def _date(text: str) -> tuple[int, int, int] | None:
    m = _FIELD_DATE.search(text) or _DATE.search(text)
    if m:
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    m = _CN_DATE.search(text)
    if m:
        year = int("".join(str(_CN_DIGIT[c]) for c in m.group(1)))
        return year, _cn_small(m.group(2)), _cn_small(m.group(3))
    return None


def read_metadata(text: str) -> Metadata:
    """``text``: the normalised notice (everything before the first plan), paragraphs joined by newlines."""
    meta = Metadata()
    # per paragraph first: a document number printed just before "XX人民政府关于…" must not join the name
    m = next((m for line in text.split("\n") if (m := _ISSUER.search(line))), None)
    m = m or _ISSUER.search(text.replace("\n", ""))
    if m or (m := _ISSUER_FIELD.search(text)):
        meta.issuer = m.group(1)
    else:  # the signature printed above the date: "重庆市江津区人民政府"
        meta.issuer = next((ln for ln in text.split("\n") if _SIGNATURE.match(ln)), None)
    if meta.issuer:
        meta.region = region_of(meta.issuer)
    date = _date(text)
    if date:
        y, mo, d = date
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
