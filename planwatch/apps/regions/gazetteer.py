"""Region register: load 行政区划 from CSV and find a region from the name a document prints."""

import csv
import io
from pathlib import Path

from django.db import transaction

from planwatch.textcodec import decode_csv

from .models import Region

DEFAULT_GAZETTEER = Path(__file__).resolve().parents[3] / "data" / "regions.csv"
LEVELS = {c.value for c in Region.Level}


class GazetteerError(ValueError):
    pass


def _decode(data: bytes, path: Path) -> str:
    text = decode_csv(data)
    if text is not None:
        return text
    raise GazetteerError(f"无法读取行政区划文件 {path}：不是 UTF-8 或 GBK 编码的 CSV 文本")


@transaction.atomic
def load_regions(path: Path = DEFAULT_GAZETTEER) -> int:
    """Create or update regions from a CSV (code,name,level,parent_code). Parents may come later in the file."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise GazetteerError(f"无法读取行政区划文件 {path}：文件无法打开") from exc
    rows = list(csv.DictReader(io.StringIO(_decode(data, path), newline="")))
    missing = {"code", "name", "level", "parent_code"} - set(rows[0] if rows else {})
    if missing:
        raise GazetteerError(f"{path}：缺少列 {'、'.join(sorted(missing))}")
    by_code: dict[str, Region] = {}
    for lineno, row in enumerate(rows, start=2):
        code, name, level = row["code"].strip(), row["name"].strip(), row["level"].strip()
        if not code or not name:
            raise GazetteerError(f"{path} 第{lineno}行：代码和名称不能为空")
        if level not in LEVELS:
            raise GazetteerError(
                f"{path} 第{lineno}行：未知级别「{level}」（可用：{'、'.join(sorted(LEVELS))}）"
            )
        region, _ = Region.objects.update_or_create(code=code, defaults={"name": name, "level": level})
        by_code[code] = region
    for lineno, row in enumerate(rows, start=2):
        parent_code = (row.get("parent_code") or "").strip()
        if not parent_code:
            continue
        parent = by_code.get(parent_code) or Region.objects.filter(code=parent_code).first()
        if parent is None:
            raise GazetteerError(f"{path} 第{lineno}行：上级代码 {parent_code} 不存在")
        Region.objects.filter(code=row["code"].strip()).update(parent=parent)
    return len(rows)


def ensure_regions() -> None:
    """Load the shipped register the first time the database is used."""
    if not Region.objects.exists():
        load_regions()


def find_region(printed_name: str) -> Region | None:
    """The region a document names: exact name first, then the longest registered name it ends with
    ("重庆市江津区" → 江津区)."""
    if not printed_name:
        return None
    exact = Region.objects.filter(name=printed_name).first()
    if exact:
        return exact
    candidates = [
        r for r in Region.objects.all() if printed_name.endswith(r.name) or r.name.endswith(printed_name)
    ]
    candidates.sort(key=lambda r: (-len(r.name), -Region.LEVEL_DEPTH[r.level]))
    return candidates[0] if candidates else None
