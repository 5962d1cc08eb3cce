"""planwatch dump / restore: a lossless round trip of an installation and of one region, and every way an
archive is refused (damaged, altered, newer, a zip bomb, a path out of the data directory, a collision),
each leaving the database as it was."""

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.core.files.base import ContentFile
from django.core.management import call_command
from reporting.factories import build_world, open_round
from reporting.test_workflow import kids_row

from planwatch.apps.backup import scope
from planwatch.apps.backup.archive import MANIFEST, RestoreRefused
from planwatch.apps.backup.dump import dump
from planwatch.apps.backup.restore import restore
from planwatch.apps.evaluation.services import run_assessment
from planwatch.apps.plans.models import Plan
from planwatch.apps.regions.models import Region
from planwatch.apps.reporting import services
from planwatch.apps.reporting.models import ImplementationReport, Observation, ObservationHistory
from planwatch.cli import cli
from planwatch.domain.cells import TOTAL
from planwatch.reporting_rules import RawCell, RowInput

pytestmark = pytest.mark.django_db(transaction=True)


def filled():
    """A county with a round: data saved, corrected, approved (history), an uploaded report, an assessment."""
    w = build_world()
    round_ = open_round(w)
    tasks = {t.department.name: t for t in round_.tasks.select_related("department")}
    health, edu = tasks["区卫生健康委"], tasks["区教委"]
    services.save_task_data(health, {w.mmr.pk: RowInput(cells={TOTAL: RawCell("11.5")})}, w.users["health"],
                            source="form")  # fmt: skip
    services.save_task_data(health, {w.mmr.pk: RowInput(cells={TOTAL: RawCell("10.5")})}, w.users["health"],
                            source="form")  # fmt: skip
    services.save_task_data(edu, {w.kids.pk: kids_row(male="")}, w.users["education"], source="form")
    rows = {w.kids.pk: kids_row(), w.enrol.pk: RowInput(cells={TOTAL: RawCell("91.5")})}
    services.save_task_data(edu, rows, w.users["education"], source="form", submit=True)
    services.approve(edu, w.users["monitor"], "数据无误")
    ImplementationReport.objects.create(
        task=health, title="2023年实施情况", file=ContentFile("报告正文".encode(), name="实施情况.docx"),
        original_name="实施情况.docx", size=12, uploaded_by=w.users["health"],
    )  # fmt: skip
    run_assessment(plan=w.plan)
    return w


def snapshot(region_ids=None) -> dict:
    """Every archived row, field by field (ids, timestamps, many-to-many links included)."""
    rows = {}
    for model in scope.archived_models():
        qs = model._base_manager.all()
        if region_ids is not None:
            if scope.label(model) not in scope.OWNED:
                continue
            qs = scope.OWNED[scope.label(model)](qs, region_ids)
        rows[scope.label(model)] = list(qs.order_by("pk").values())
        for f in model._meta.many_to_many:
            if f.name in scope.stored_fields(model):
                through = f.remote_field.through
                link = f"{f.m2m_field_name()}_id"
                rows[f"{scope.label(model)}.{f.name}"] = sorted(
                    through.objects.filter(**{f"{link}__in": qs.values("pk")}).values_list(
                        link, f"{f.m2m_reverse_field_name()}_id"
                    )
                )
    return rows


def assessment(plan, regions=None):
    _, result = run_assessment(plan=plan, store=False)
    if regions:  # a region's own rows (a parent's roll-up also counts regions the archive does not hold)
        result = result.filter(result["region"].is_in(regions))
    return result.sort(["key", "region", "year", "sex", "age_group", "area_type"], nulls_last=True).to_dicts()


def empty_database(data_dir):
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(data_dir / "media", ignore_errors=True)
    assert not Region.objects.exists() and not Observation.objects.exists()


def test_installation_round_trips_without_loss(data_dir, tmp_path):
    w = filled()
    before, assessed = snapshot(), assessment(w.plan)
    assert before["reporting.observationhistory"] and before["evaluation.assessmentresult"]
    archive = tmp_path / "all.zip"
    manifest = dump(archive)
    assert manifest["scope"] == {"kind": "installation"}
    counts = {m["model"]: m["rows"] for m in manifest["models"]}
    assert counts["reporting.observation"] == Observation.objects.count()
    assert [f["path"] for f in manifest["files"]] == [
        str(Path(ImplementationReport.objects.get().file.path).relative_to(data_dir))
    ]

    empty_database(data_dir)
    result = restore(archive)
    assert sum(result.inserted.values()) == sum(counts.values()) and result.files == 1
    assert snapshot() == before
    report = ImplementationReport.objects.get()
    assert report.file.read() == "报告正文".encode()
    assert assessment(Plan.objects.get(pk=w.plan.pk)) == assessed
    # the sequences were moved past the restored ids: new rows get new ids
    last = max(r["id"] for r in before["regions.region"])
    assert Region.objects.create(code="500117", name="合川区", level="county").pk > last
    assert ObservationHistory.objects.count() == len(before["reporting.observationhistory"])

    # the same archive again: every row is there and identical, nothing changes
    again = restore(archive)
    assert sum(again.inserted.values()) == 0 and again.unchanged == sum(counts.values())


def test_region_round_trips_into_an_empty_installation(data_dir, tmp_path):
    w = filled()
    ids = w.county.descendant_ids() | {w.county.pk}
    before, assessed = snapshot(ids), assessment(w.plan, ["500116", "500116101"])
    archive = tmp_path / "county.zip"
    manifest = dump(archive, w.county)
    assert manifest["scope"]["code"] == "500116"
    refs = {r["model"]: r["rows"] for r in manifest["references"]}
    assert refs["regions.region"] == 1  # 重庆市, the parent
    dumped_regions = {
        json.loads(x)["fields"]["code"] for x in _member(archive, "regions.region").splitlines()
    }
    assert dumped_regions == {"500116", "500116101"}  # not the other county
    users = [json.loads(x)["fields"]["username"] for x in _member(archive, "auth.user").splitlines()]
    assert "other1" not in users and "health1" in users

    empty_database(data_dir)
    restore(archive)
    assert snapshot(ids) == before
    assert Region.objects.get(code="500000").name == "重庆市"
    assert not Region.objects.filter(code="500104").exists()
    assert assessment(Plan.objects.get(pk=w.plan.pk), ["500116", "500116101"]) == assessed


def test_region_collision_is_refused_and_replace_restores(data_dir, tmp_path):
    w = filled()
    archive = tmp_path / "county.zip"
    dump(archive, w.county)
    Plan.objects.filter(pk=w.plan.pk).update(title="改过的标题")
    changed = snapshot()
    with pytest.raises(RestoreRefused, match="冲突.*已存在且内容不同.*--replace"):
        restore(archive)
    assert snapshot() == changed  # all or nothing
    result = restore(archive, replace=True)
    assert result.deleted > 0
    assert Plan.objects.get(pk=w.plan.pk).title.startswith("江津区")


def test_reference_with_another_meaning_is_a_collision(data_dir, tmp_path):
    w = filled()
    archive = tmp_path / "county.zip"
    dump(archive, w.county)
    empty_database(data_dir)
    # here region id of 重庆市 is a different region
    Region.objects.create(pk=w.province.pk, code="110000", name="北京市", level="province")
    with pytest.raises(RestoreRefused, match="北京市|110000"):
        restore(archive)
    assert Region.objects.count() == 1


def _member(archive, model_label) -> str:
    with zipfile.ZipFile(archive) as zf:
        name = next(n for n in zf.namelist() if n.startswith("data/") and n.endswith(f"-{model_label}.jsonl"))
        return zf.read(name).decode()


def _rewrite(archive, out, change_member=None, change_manifest=None, extra=None):
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        manifest = json.loads(src.read(MANIFEST))
        if change_manifest:
            change_manifest(manifest)
        for info in src.infolist():
            if info.filename == MANIFEST:
                continue
            data = src.read(info)
            if change_member and change_member[0] in info.filename:
                data = change_member[1](data)
            dst.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
        dst.writestr(MANIFEST, json.dumps(manifest))
    return out


@pytest.fixture
def archive(data_dir, tmp_path):
    w = filled()
    path = tmp_path / "all.zip"
    dump(path)
    return w, path


def _refused(path, match):
    before = snapshot()
    with pytest.raises(RestoreRefused, match=match):
        restore(path, replace=True)
    assert snapshot() == before


def test_tampered_member_is_refused(archive, tmp_path):
    _, path = archive
    bad = _rewrite(
        path,
        tmp_path / "bad.zip",
        change_member=("plans.plan", lambda d: d.replace("江津".encode(), "綦江".encode())),
    )
    _refused(bad, "校验和（sha256）与清单不符")


def test_newer_format_and_foreign_archives_are_refused(archive, tmp_path):
    _, path = archive
    newer = _rewrite(path, tmp_path / "newer.zip", change_manifest=lambda m: m.update(format_version=99))
    _refused(newer, "格式版本为 99.*升级 planwatch")
    other = _rewrite(path, tmp_path / "other.zip", change_manifest=lambda m: m.update(format="x"))
    _refused(other, "不是 planwatch 备份归档")
    unknown = _rewrite(path, tmp_path / "unknown.zip",
                       change_manifest=lambda m: m["models"][0].update(model="nosuch.thing"))  # fmt: skip
    _refused(unknown, "未知的数据类型")
    extra = _rewrite(path, tmp_path / "extra.zip", extra={"data/99-evil.jsonl": b"{}"})
    _refused(extra, "清单未列出的部件")
    (tmp_path / "text.zip").write_text("这不是压缩包")
    _refused(tmp_path / "text.zip", "不是 planwatch 备份归档")
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    _refused(truncated, "不是有效的备份归档或文件已损坏")
    no_manifest = tmp_path / "nomanifest.zip"
    with zipfile.ZipFile(no_manifest, "w") as zf:
        zf.writestr("data/00-x.jsonl", b"")
    _refused(no_manifest, "缺少 manifest.json")


def test_paths_out_of_the_data_directory_are_refused(archive, tmp_path):
    _, path = archive
    data = b"evil"
    entry = {
        "path": "../../etc/evil",
        "member": "files/x",
        "bytes": 4,
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    bad = _rewrite(
        path,
        tmp_path / "slip.zip",
        change_manifest=lambda m: m["files"].append(entry),
        extra={"files/x": data},
    )
    _refused(bad, "越出数据目录")
    assert not (tmp_path / "etc").exists()


def test_zip_bombs_and_oversized_archives_are_refused(archive, tmp_path, monkeypatch):
    _, path = archive
    zeros = b"\0" * (4 * 1024 * 1024)
    entry = {"path": "media/bomb.bin", "member": "files/media/bomb.bin", "bytes": len(zeros),
             "sha256": hashlib.sha256(zeros).hexdigest()}  # fmt: skip
    bomb = _rewrite(path, tmp_path / "bomb.zip", change_manifest=lambda m: m["files"].append(entry),
                    extra={"files/media/bomb.bin": zeros})  # fmt: skip
    _refused(bomb, "压缩比.*疑似压缩炸弹")
    monkeypatch.setenv("PLANWATCH_RESTORE_MAX_UNZIPPED_MB", "0.01")
    _refused(path, "解压后共.*超过恢复上限")
    monkeypatch.setenv("PLANWATCH_RESTORE_MAX_UNZIPPED_MB", "")
    monkeypatch.setenv("PLANWATCH_RESTORE_MAX_MB", "0.001")
    _refused(path, "超过恢复上限")
    monkeypatch.setenv("PLANWATCH_RESTORE_MAX_MB", "abc")
    _refused(path, "PLANWATCH_RESTORE_MAX_MB 应为正数")


def test_dangling_reference_rolls_back_everything(archive, tmp_path):
    w, path = archive

    def orphan(data: bytes) -> bytes:  # a plan of a region the archive does not hold
        rows = [json.loads(x) for x in data.decode().splitlines()]
        rows[0]["fields"]["region"] = 987654
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()

    def fix_sha(m):
        with zipfile.ZipFile(path) as zf:
            name = next(n for n in zf.namelist() if n.endswith("-plans.plan.jsonl"))
            entry = next(e for e in m["models"] if e["member"] == name)
            entry["sha256"] = hashlib.sha256(orphan(zf.read(name))).hexdigest()

    bad = _rewrite(
        path, tmp_path / "orphan.zip", change_member=("-plans.plan.", orphan), change_manifest=fix_sha
    )
    _refused(bad, "外键不完整")


def test_cli_dump_and_restore(data_dir, tmp_path):
    filled()
    runner = CliRunner()
    out = runner.invoke(cli, ["dump", "--region", "500116", "-o", str(tmp_path / "c.zip")])
    assert out.exit_code == 0, out.output
    assert "已备份地区 江津区（500116）" in out.output
    out = runner.invoke(cli, ["restore", str(tmp_path / "c.zip")])
    assert out.exit_code == 0, out.output
    assert "新增 0 条记录" in out.output
    Plan.objects.update(title="x")
    out = runner.invoke(cli, ["restore", str(tmp_path / "c.zip")])
    assert out.exit_code == 1 and "冲突" in out.output
    out = runner.invoke(cli, ["dump", "--region", "999999", "-o", str(tmp_path / "x.zip")])
    assert out.exit_code == 1 and "999999 不存在" in out.output
    assert not io.BytesIO().getvalue()
