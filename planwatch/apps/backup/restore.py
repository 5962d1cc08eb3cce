"""``planwatch restore``: read an archive back, all or nothing.

Checks before the database is touched: the file's size and the zip's members against the restore limits
(a zip bomb is refused unread), the format and its version, every member's sha256 against the manifest, no
member the manifest does not name, file paths that stay inside the data directory. Then one transaction:
(with ``replace``) delete what the scope holds now, insert every archived row with its own id (a row that
exists already must be identical, otherwise the restore is refused as a collision), check the foreign keys,
reset PostgreSQL's sequences past the restored ids. Files are written first; if the transaction fails the
new ones are removed again and the ones the archive replaced get their former content back."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.db import DatabaseError, IntegrityError, connection, transaction

from planwatch.apps.dashboard.freshness import data_changed
from planwatch.apps.regions.models import Region
from planwatch.uploads import UploadLimits
from planwatch.uploads.limits import MIB, size_text
from planwatch.uploads.zipcheck import RATIO_FLOOR

from . import scope
from .archive import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MAX_MANIFEST_BYTES,
    RestoreRefused,
    line,
    normalised,
    safe_relative,
)
from .dump import CHUNK, Progress, _no_progress

MAX_CONFLICTS_SHOWN = 10


def restore_limits() -> UploadLimits:
    """The upload limits, widened for archives (an installation is more than one workbook): size and
    unzipped size from PLANWATCH_RESTORE_MAX_MB / PLANWATCH_RESTORE_MAX_UNZIPPED_MB (defaults 2 GB / 20 GB);
    the compression-ratio limit is the uploads' own."""
    base: UploadLimits = settings.PLANWATCH_UPLOAD_LIMITS
    size = _env_mb("PLANWATCH_RESTORE_MAX_MB", 2048)
    unzipped = _env_mb("PLANWATCH_RESTORE_MAX_UNZIPPED_MB", 20480)
    return dataclasses.replace(
        base, max_bytes=size, max_unzipped_bytes=unzipped, max_zip_members=max(base.max_zip_members, 100_000)
    )


def _env_mb(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    try:
        value = float(text) if text else default
    except ValueError:
        value = 0
    if not value > 0:
        raise RestoreRefused(f"环境变量 {name} 应为正数，收到「{text}」")
    return int(value * MIB)


@dataclasses.dataclass
class RestoreResult:
    scope: dict
    inserted: dict[str, int]
    unchanged: int
    deleted: int
    files: int


def read_manifest(path: Path, limits: UploadLimits | None = None) -> tuple[zipfile.ZipFile, dict]:
    """Open and verify the archive; the caller closes the zip."""
    limits = limits or restore_limits()
    name = path.name
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise RestoreRefused(
            f"{name}：文件大小 {size_text(size)}，超过恢复上限 {size_text(limits.max_bytes)}"
        )
    try:
        with path.open("rb") as f:
            head = f.read(4)
        if head[:2] != b"PK":
            raise RestoreRefused(f"{name}：不是 planwatch 备份归档（.zip），或文件已损坏")
        _check_zip_headers(path, limits)
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise RestoreRefused(f"{name}：不是有效的备份归档或文件已损坏") from exc
    try:
        manifest = _manifest(zf, name)
        _verify_members(zf, manifest, name)
    except Exception:
        zf.close()
        raise
    return zf, manifest


def _check_zip_headers(path: Path, limits: UploadLimits) -> None:
    """Member count, declared sizes and compression ratio from the central directory, with the uploads'
    limits (zipcheck.py) — before a byte is inflated. zipfile never inflates beyond a declared size."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile as exc:
        raise RestoreRefused(f"{path.name}：不是有效的备份归档或文件已损坏") from exc
    if len(infos) > limits.max_zip_members:
        raise RestoreRefused(
            f"{path.name}：归档内有 {len(infos)} 个部件，超过上限 {limits.max_zip_members} 个"
        )
    total = sum(i.file_size for i in infos)
    if total > limits.max_unzipped_bytes:
        raise RestoreRefused(
            f"{path.name}：解压后共 {size_text(total)}，超过恢复上限 {size_text(limits.max_unzipped_bytes)}"
            "（可能是压缩炸弹；上限见 PLANWATCH_RESTORE_MAX_UNZIPPED_MB）"
        )
    for i in infos:
        if i.file_size > RATIO_FLOOR and i.file_size > limits.max_zip_ratio * max(i.compress_size, 1):
            ratio = i.file_size / max(i.compress_size, 1)
            raise RestoreRefused(
                f"{path.name}：部件 {i.filename} 的压缩比为 {ratio:.0f}:1，超过上限 {limits.max_zip_ratio}:1（疑似压缩炸弹）"
            )


def _manifest(zf: zipfile.ZipFile, name: str) -> dict:
    try:
        info = zf.getinfo(MANIFEST)
    except KeyError as exc:
        raise RestoreRefused(f"{name}：缺少 {MANIFEST}，不是 planwatch 备份归档") from exc
    if info.file_size > MAX_MANIFEST_BYTES:
        raise RestoreRefused(f"{name}：{MANIFEST} 过大（{size_text(info.file_size)}），归档可能被改动")
    try:
        manifest = json.loads(zf.read(MANIFEST))
    except (ValueError, zipfile.BadZipFile) as exc:
        raise RestoreRefused(f"{name}：{MANIFEST} 无法读取（已损坏或被改动）") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RestoreRefused(f"{name}：不是 planwatch 备份归档（{MANIFEST} 的 format 不是 {FORMAT}）")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise RestoreRefused(f"{name}：归档格式版本「{version}」无效")
    if version > FORMAT_VERSION:
        raise RestoreRefused(
            f"{name}：归档格式版本为 {version}，比本程序支持的版本 {FORMAT_VERSION} 新；请先升级 planwatch 再恢复"
        )
    for key in ("models", "references", "files"):
        if not isinstance(manifest.get(key), list):
            raise RestoreRefused(f"{name}：{MANIFEST} 缺少 {key} 列表，归档可能被改动")
    kind = (manifest.get("scope") or {}).get("kind")
    if kind not in {"installation", "region"}:
        raise RestoreRefused(f"{name}：{MANIFEST} 的范围（scope）无效")
    return manifest


def _verify_members(zf: zipfile.ZipFile, manifest: dict, name: str) -> None:
    listed = {MANIFEST}
    for entry in [*manifest["models"], *manifest["references"], *manifest["files"]]:
        member = entry.get("member") if isinstance(entry, dict) else None
        if not isinstance(member, str):
            raise RestoreRefused(f"{name}：{MANIFEST} 中有无效的条目，归档可能被改动")
        if "path" in entry and safe_relative(str(entry["path"])) != entry["path"]:
            raise RestoreRefused(f"{name}：文件路径「{entry['path']}」越出数据目录，拒绝恢复")
        if "model" in entry:
            try:
                apps.get_model(entry["model"])
            except (LookupError, ValueError) as exc:
                raise RestoreRefused(
                    f"{name}：未知的数据类型「{entry['model']}」（归档来自其他版本？）"
                ) from exc
        listed.add(member)
        try:
            info = zf.getinfo(member)
        except KeyError as exc:
            raise RestoreRefused(f"{name}：缺少部件 {member}，归档不完整或被改动") from exc
        sha = hashlib.sha256()
        try:
            with zf.open(info) as src:
                while chunk := src.read(1 << 20):
                    sha.update(chunk)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise RestoreRefused(f"{name}：部件 {member} 已损坏（{exc}）") from exc
        if sha.hexdigest() != entry.get("sha256"):
            raise RestoreRefused(f"{name}：部件 {member} 的校验和（sha256）与清单不符，归档已损坏或被改动")
    extra = sorted(set(zf.namelist()) - listed)
    if extra:
        raise RestoreRefused(f"{name}：归档中有清单未列出的部件 {extra[0]}，归档可能被改动")


def _rows(zf: zipfile.ZipFile, entry: dict) -> Iterator[dict]:
    with zf.open(entry["member"]) as src:
        for number, raw in enumerate(src, 1):
            try:
                row = json.loads(raw)
            except ValueError as exc:
                raise RestoreRefused(f"{entry['member']} 第 {number} 行不是有效的 JSON") from exc
            if not isinstance(row, dict) or row.get("model") != entry["model"] or "pk" not in row:
                raise RestoreRefused(f"{entry['member']} 第 {number} 行不是 {entry['model']} 的记录")
            yield row


def _chunks(rows: Iterator[dict]) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def restore(path: Path, *, replace: bool = False, progress: Progress = _no_progress) -> RestoreResult:
    zf, manifest = read_manifest(path)
    with zf:
        created: list[Path] = []
        kept: dict[Path, Path] = {}  # a file the archive replaces → its former content, until the end
        try:
            files = _write_files(zf, manifest, replace, created, kept)
            with transaction.atomic():
                result = _restore_rows(zf, manifest, replace, progress)
                data_changed()  # the dashboards cached before the restore are out of date
        except BaseException:
            for p in created:
                p.unlink(missing_ok=True)
            for target, former in kept.items():  # the files as they were, like the database
                os.replace(former, target)
            raise
        for former in kept.values():
            former.unlink(missing_ok=True)
        result.files = files
        return result


def _write_files(zf, manifest, replace: bool, created: list[Path], kept: dict[Path, Path]) -> int:
    root = Path(settings.DATA_DIR)
    for entry in manifest["files"]:
        target = root / entry["path"]
        if target.exists():
            same = hashlib.sha256(target.read_bytes()).hexdigest() == entry["sha256"]
            if same:
                continue
            if not replace:
                raise RestoreRefused(f"文件 {entry['path']} 已存在且内容不同；如要以归档为准，请加 --replace")
            former = target.with_name(f".{target.name}.before-restore")
            os.replace(target, former)  # put back if the restore fails
            kept[target] = former
        target.parent.mkdir(parents=True, exist_ok=True)
        with zf.open(entry["member"]) as src, target.open("wb") as out:
            while chunk := src.read(1 << 20):
                out.write(chunk)
        created.append(target)
    return len(created)


def _region_ids(manifest: dict) -> set[int] | None:
    if manifest["scope"]["kind"] != "region":
        return None
    region = Region.objects.filter(code=manifest["scope"].get("code")).first()
    return (region.descendant_ids() | {region.pk}) if region else set()


def _restore_rows(zf, manifest, replace: bool, progress: Progress) -> RestoreResult:
    region_ids = _region_ids(manifest)
    entries = [(e, apps.get_model(e["model"])) for e in manifest["models"]]
    if region_ids is not None:
        unknown = [e["model"] for e, _ in entries if e["model"] not in scope.OWNED]
        if unknown:
            raise RestoreRefused(f"地区归档中有不属于地区的数据类型「{unknown[0]}」，归档可能被改动")
    deleted = _delete_scope(entries, region_ids) if replace else 0
    inserted: dict[str, int] = {}
    unchanged = 0
    conflicts: list[str] = []
    with connection.constraint_checks_disabled():
        for entry in manifest["references"]:
            model = apps.get_model(entry["model"])
            _restore_references(zf, entry, model, conflicts)
        for entry, model in entries:
            n, same = _insert_model(zf, entry, model, conflicts, progress)
            inserted[entry["model"]] = n
            unchanged += same
        if conflicts:
            more = (
                f"（另有 {len(conflicts) - MAX_CONFLICTS_SHOWN} 处）"
                if len(conflicts) > MAX_CONFLICTS_SHOWN
                else ""
            )
            raise RestoreRefused(
                "归档与现有数据冲突，未恢复任何数据："
                + "；".join(conflicts[:MAX_CONFLICTS_SHOWN])
                + more
                + "。如要以归档为准，请加 --replace（先删除该范围内的现有数据）"
            )
    models_ = [m for _, m in entries] + [apps.get_model(e["model"]) for e in manifest["references"]]
    try:
        connection.check_constraints(
            table_names=sorted({m._meta.db_table for m in models_} | _through_tables(models_))
        )
    except IntegrityError as exc:
        raise RestoreRefused(f"归档中的记录引用了不存在的数据（外键不完整），未恢复任何数据：{exc}") from exc
    _reset_sequences(models_)
    return RestoreResult(manifest["scope"], inserted, unchanged, deleted, 0)


def _through_tables(models_) -> set[str]:
    return {f.remote_field.through._meta.db_table for m in models_ for f in m._meta.many_to_many}


def _delete_scope(entries, region_ids) -> int:
    """Everything the archive's scope holds now, children first (raw deletes: the rows that point at these
    are deleted before them, and the archive brings them back)."""
    total = 0
    for entry, model in reversed(entries):
        qs = model._base_manager.all()
        if region_ids is not None:
            qs = scope.OWNED[entry["model"]](qs, region_ids)
        pks = list(qs.values_list("pk", flat=True))
        for f in model._meta.many_to_many:
            through = f.remote_field.through
            for start in range(0, len(pks), CHUNK):
                through._base_manager.filter(
                    **{f"{f.m2m_field_name()}_id__in": pks[start : start + CHUNK]}
                )._raw_delete(connection.alias)
        for start in range(0, len(pks), CHUNK):
            total += model._base_manager.filter(pk__in=pks[start : start + CHUNK])._raw_delete(
                connection.alias
            )
    return total


def _existing(model, rows: list[dict]) -> dict:
    """The stored rows with these ids, serialized as the archive has them."""
    pks = [model._meta.pk.to_python(r["pk"]) for r in rows]
    fields = scope.stored_fields(model)
    objs = list(model._base_manager.filter(pk__in=pks).order_by("pk"))
    return {
        str(row["pk"]): _comparable(normalised(row))
        for row in serializers.serialize("python", objs, fields=fields)
    }


def _comparable(row: dict) -> dict:
    """Fields to compare; many-to-many id lists in any order."""
    return {k: sorted(v, key=str) if isinstance(v, list) else v for k, v in row["fields"].items()}


def _insert_model(zf, entry, model, conflicts, progress) -> tuple[int, int]:
    total = entry.get("rows") or 0
    done = inserted = unchanged = 0
    concrete = [f for f in model._meta.concrete_fields]
    for chunk in _chunks(_rows(zf, entry)):
        existing = _existing(model, chunk)
        fresh = []
        for row in chunk:
            stored = existing.get(str(row["pk"]))
            if stored is None:
                fresh.append(row)
            elif stored == _comparable(row):
                unchanged += 1
            else:
                conflicts.append(f"{model._meta.verbose_name} #{row['pk']} 已存在且内容不同")
        if fresh and not conflicts:
            _insert(model, fresh, concrete)
            inserted += len(fresh)
        done += len(chunk)
        progress(entry["model"], done, total)
    return inserted, unchanged


def _insert(model, rows: list[dict], concrete) -> None:
    try:
        objects = list(serializers.deserialize("python", rows))
    except serializers.base.DeserializationError as exc:
        raise RestoreRefused(f"{model._meta.verbose_name}：记录无法读取（{exc}）") from exc
    instances = [d.object for d in objects]
    batch = max(1, connection.ops.bulk_batch_size(concrete, instances) or len(instances))
    try:
        with transaction.atomic():
            for start in range(0, len(instances), batch):
                # raw: every field as archived — auto_now timestamps are not renewed
                model._base_manager._insert(
                    instances[start : start + batch], fields=concrete, using=connection.alias, raw=True
                )
            for f in model._meta.many_to_many:
                through = f.remote_field.through
                links = [
                    through(
                        **{
                            f"{f.m2m_field_name()}_id": d.object.pk,
                            f"{f.m2m_reverse_field_name()}_id": target,
                        }
                    )
                    for d in objects
                    for target in d.m2m_data.get(f.name, [])
                ]
                through._base_manager.bulk_create(links, batch_size=500)
    except (IntegrityError, DatabaseError) as exc:
        raise RestoreRefused(
            f"{model._meta.verbose_name}：与现有数据冲突（唯一性约束），未恢复任何数据：{exc}"
        ) from exc


def _restore_references(zf, entry, model, conflicts) -> None:
    key = entry.get("key")
    if scope.REFERENCE_KEYS.get(entry["model"]) != key:
        raise RestoreRefused(f"{entry['member']}：引用数据的键无效，归档可能被改动")
    concrete = [f for f in model._meta.concrete_fields]
    for chunk in _chunks(_rows(zf, entry)):
        pks = [r["pk"] for r in chunk]
        stored = dict(model._base_manager.filter(pk__in=pks).values_list("pk", key))
        missing = []
        for row in chunk:
            if row["pk"] not in stored:
                missing.append(row)
            elif stored[row["pk"]] != row["fields"].get(key):
                conflicts.append(
                    f"{model._meta.verbose_name} #{row['pk']} 在此为「{stored[row['pk']]}」，归档中为「{row['fields'].get(key)}」"
                )
        if missing:
            _insert(model, missing, concrete)


def _reset_sequences(models_) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


__all__ = ["RestoreRefused", "RestoreResult", "read_manifest", "restore", "line"]
