"""Region register: load 行政区划 from CSV and find a region from the name a document prints."""

from pathlib import Path

from django.conf import settings
from django.db import transaction

from planwatch.uploads import UploadRefused, check_size, read_csv_rows

from .models import Region

DEFAULT_GAZETTEER = Path(__file__).resolve().parents[3] / "data" / "regions.csv"
LEVELS = {c.value for c in Region.Level}


class GazetteerError(ValueError):
    pass


@transaction.atomic
def load_regions(path: Path = DEFAULT_GAZETTEER) -> int:
    """Create or update regions from a CSV (code,name,level,parent_code). Parents may come later in the file."""
    limits = settings.PLANWATCH_UPLOAD_LIMITS
    try:
        check_size(Path(path).stat().st_size, str(path), limits)
        table = read_csv_rows(Path(path).read_bytes(), str(path), limits)
    except OSError as exc:
        raise GazetteerError(f"无法读取行政区划文件 {path}：文件无法打开") from exc
    except UploadRefused as exc:
        raise GazetteerError(f"无法读取行政区划文件 {exc}") from exc
    header = [h.strip() for h in table[0]] if table else []
    missing = {"code", "name", "level", "parent_code"} - set(header)
    if missing:
        raise GazetteerError(f"{path}：缺少列 {'、'.join(sorted(missing))}")
    rows = [
        dict(zip(header, [*r, *[""] * (len(header) - len(r))], strict=False))
        for r in table[1:]
        if any(c.strip() for c in r)
    ]
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
