"""``planwatch dump``: write a whole installation or one region tree to an archive (archive.py)."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.db import models

from planwatch import __version__
from planwatch.apps.regions.models import Region

from . import scope
from .archive import FORMAT, FORMAT_VERSION, MANIFEST, Digest, data_member, file_member, line, safe_relative

CHUNK = 2000
Progress = Callable[[str, int, int], None]  # (what, done, total)


def _no_progress(what: str, done: int, total: int) -> None:
    return None


def stored_file_paths(model: type[models.Model], obj: models.Model) -> list[str]:
    """The files a row points at, relative to PLANWATCH_DATA_DIR: uploads (FileField, under MEDIA_ROOT) and
    the generated or published reports (a ``file`` text field relative to the data directory)."""
    paths = []
    media = Path(settings.MEDIA_ROOT).resolve().relative_to(Path(settings.DATA_DIR).resolve())
    for f in model._meta.concrete_fields:
        value = getattr(obj, f.attname)
        if not value:
            continue
        if isinstance(f, models.FileField):
            paths.append(str(media / str(value)))
        elif scope.label(model) in {"reports.reportjob", "reports.publication"} and f.name == "file":
            paths.append(str(value))
    return paths


def rows_of(model: type[models.Model], qs: models.QuerySet):
    """Serialized rows (Django's python serializer: model, pk, fields), a chunk at a time."""
    fields = scope.stored_fields(model)
    m2m = [f.name for f in model._meta.many_to_many if f.name in fields]
    qs = qs.order_by("pk")
    if m2m:
        qs = qs.prefetch_related(*m2m)
    for start in range(0, qs.count(), CHUNK):
        chunk = list(qs[start : start + CHUNK])
        yield from zip(chunk, serializers.serialize("python", chunk, fields=fields), strict=True)


def dump(output: Path, region: Region | None = None, progress: Progress = _no_progress) -> dict:
    """Write the archive; return its manifest."""
    if region is None:
        chosen, ids = scope.archived_models(), None
        left_out = []
    else:
        chosen, ids = scope.region_models(), region.descendant_ids() | {region.pk}
        left_out = sorted(scope.label(m) for m in scope.archived_models() if m not in chosen)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "planwatch_version": __version__,
        "scope": {"kind": "installation"}
        if region is None
        else {"kind": "region", "code": region.code, "name": region.name, "region_id": region.pk},
        "models": [],
        "references": [],
        "files": [],
        "missing_files": [],
        "not_included": left_out,
    }
    owned_pks: dict[str, set] = defaultdict(set)
    referenced: dict[str, set] = defaultdict(set)
    files: set[str] = set()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        for index, model in enumerate(chosen):
            name = scope.label(model)
            qs = model._base_manager.all()
            if ids is not None:
                qs = scope.OWNED[name](qs, ids)
            total = qs.count()
            member, digest, count = data_member(index, name), Digest(), 0
            with zf.open(member, "w", force_zip64=True) as out:
                for obj, row in rows_of(model, qs):
                    data = line(row)
                    out.write(data)
                    digest.update(data)
                    count += 1
                    files.update(stored_file_paths(model, obj))
                    if ids is not None:
                        owned_pks[name].add(row["pk"])
                        _note_references(model, obj, row, referenced)
                    if count % CHUNK == 0:
                        progress(name, count, total)
            progress(name, count, total)
            manifest["models"].append(
                {
                    "model": name,
                    "member": member,
                    "rows": count,
                    "bytes": digest.size,
                    "sha256": digest.hexdigest,
                }
            )
        if ids is not None:
            _write_references(zf, manifest, referenced, owned_pks)
        for path in sorted(files):
            _write_file(zf, manifest, path)
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def _note_references(model, obj, row, referenced) -> None:
    for f in scope.relations(model):
        target = scope.label(f.related_model)
        if target not in scope.REFERENCE_KEYS:
            continue
        if f.many_to_many:
            referenced[target].update(row["fields"].get(f.name) or [])
        else:
            value = getattr(obj, f.attname)
            if value is not None:
                referenced[target].add(value)


def _write_references(zf, manifest, referenced, owned_pks) -> None:
    """Rows outside the region that its rows point at. Ancestor regions come with their own ancestors;
    other offices' users come without their password (a region's archive hands out no one else's login)."""
    regions = set(referenced["regions.region"])
    for r in Region.objects.filter(pk__in=regions):
        regions.update(a.pk for a in r.ancestors())
    referenced["regions.region"] = regions
    for index, name in enumerate(sorted(referenced)):
        model = next(m for m in scope.archived_models() if scope.label(m) == name)
        pks = referenced[name] - owned_pks[name]
        qs = model._base_manager.filter(pk__in=pks)
        member, digest, count = data_member(index, name, reference=True), Digest(), 0
        with zf.open(member, "w", force_zip64=True) as out:
            fields = [f for f in scope.stored_fields(model) if not f.startswith(("groups", "parent"))]
            if name == "regions.region":
                fields.append("parent")
            for _obj, row in rows_of(model, qs):
                row["fields"] = {k: v for k, v in row["fields"].items() if k in fields or k == "parent"}
                if name == "auth.user":
                    row["fields"].update(password="!", is_superuser=False, is_staff=False)
                data = line(row)
                out.write(data)
                digest.update(data)
                count += 1
        manifest["references"].append(
            {
                "model": name,
                "member": member,
                "rows": count,
                "bytes": digest.size,
                "sha256": digest.hexdigest,
                "key": scope.REFERENCE_KEYS[name],
            }
        )


def _write_file(zf, manifest, path: str) -> None:
    relative = safe_relative(path)
    source = Path(settings.DATA_DIR) / relative if relative else None
    if source is None or not source.is_file():
        manifest["missing_files"].append(path)
        return
    digest = Digest()
    with source.open("rb") as src, zf.open(file_member(relative), "w", force_zip64=True) as out:
        while chunk := src.read(1 << 20):
            out.write(chunk)
            digest.update(chunk)
    manifest["files"].append(
        {"path": relative, "member": file_member(relative), "bytes": digest.size, "sha256": digest.hexdigest}
    )
