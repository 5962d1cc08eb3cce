"""``restore --replace`` of a whole installation (runs on SQLite and, in make test's second phase, on
PostgreSQL): the installation as it was dumped comes back exactly — ids, history, assessments, files — over
data changed since; a replace that fails midway (a damaged member found while inserting, a value that cannot
be read, a checksum that does not match) leaves the database and the files exactly as before."""

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from planwatch.apps.backup.archive import RestoreRefused
from planwatch.apps.backup.dump import dump
from planwatch.apps.backup.restore import restore
from planwatch.apps.plans.models import Plan
from planwatch.apps.regions.models import Region
from planwatch.apps.reporting import services
from planwatch.apps.reporting.models import ImplementationReport, Observation, ObservationHistory
from planwatch.cli import cli
from planwatch.domain.cells import TOTAL
from planwatch.reporting_rules import RawCell, RowInput

from .test_dump_restore import _rewrite, assessment, filled, snapshot

pytestmark = pytest.mark.django_db(transaction=True)


def changed_since_the_dump(w):
    """What an installation does after its backup: edits, new rows, deletions, a file rewritten."""
    Plan.objects.filter(pk=w.plan.pk).update(title="改过的标题")
    task = w.plan.rounds.get().tasks.get(department__name="区卫生健康委")
    services.save_task_data(task, {w.mmr.pk: RowInput(cells={TOTAL: RawCell("9.5")})}, w.users["health"],
                            source="form")  # fmt: skip
    Region.objects.create(code="500117", name="合川区", level="county", parent=w.province)
    ObservationHistory.objects.order_by("pk").first().delete()
    report = ImplementationReport.objects.get()
    Path(report.file.path).write_bytes("改过的报告".encode())


def files(data_dir) -> dict[str, bytes]:
    return {str(p.relative_to(data_dir)): p.read_bytes() for p in sorted(data_dir.rglob("*")) if p.is_file()}


def test_replace_of_an_installation_puts_back_exactly_what_was_dumped(data_dir, tmp_path):
    w = filled()
    before, assessed, stored = snapshot(), assessment(w.plan), files(data_dir)
    archive = tmp_path / "all.zip"
    dump(archive)
    changed_since_the_dump(w)
    assert snapshot() != before and files(data_dir) != stored

    result = restore(archive, replace=True)
    assert result.deleted > 0 and result.files == 1  # the rewritten report file
    assert snapshot() == before  # every row, with its id, timestamps, history and many-to-many links
    assert files(data_dir) == stored
    assert assessment(Plan.objects.get(pk=w.plan.pk)) == assessed
    assert not Region.objects.filter(code="500117").exists()  # made after the dump: gone
    # the ids go on after the restored ones (PostgreSQL's sequences were reset)
    last = max(r["id"] for r in before["regions.region"])
    assert Region.objects.create(code="500118", name="永川区", level="county").pk > last
    assert Observation.objects.create(indicator=w.mmr, region=w.county, year=2030, value=1).pk > max(
        r["id"] for r in before["reporting.observation"]
    )


def _damage(archive, out, model_label, damage):
    """Rewrite one member and its checksum in the manifest, so that it passes the checks before the database is
    touched and fails while it is being inserted (after the replace deleted the installation's rows)."""

    def fix(manifest):
        with zipfile.ZipFile(archive) as zf:
            entry = next(e for e in manifest["models"] if e["model"] == model_label)
            entry["sha256"] = hashlib.sha256(damage(zf.read(entry["member"]))).hexdigest()

    return _rewrite(archive, out, change_member=(f"-{model_label}.jsonl", damage), change_manifest=fix)


def _last_line(transform):
    def damage(data: bytes) -> bytes:
        lines = data.decode().splitlines()
        lines[-1] = transform(lines[-1])
        return ("\n".join(lines) + "\n").encode()

    return damage


@pytest.mark.parametrize(
    "model_label, transform, message",
    [
        ("reporting.observationhistory", lambda line: line[: len(line) // 2], "不是有效的 JSON"),
        (
            "evaluation.assessmentresult",
            lambda line: json.dumps({"model": "x.y", "pk": 1}),
            "不是 evaluation",
        ),
        (
            "reporting.observation",
            lambda line: json.dumps(
                {**json.loads(line), "fields": {**json.loads(line)["fields"], "year": "二〇"}}
            ),
            "记录无法读取",
        ),
    ],
    ids=["truncated line", "foreign row", "unreadable value"],
)
def test_a_replace_that_fails_midway_leaves_everything_as_before(
    data_dir, tmp_path, model_label, transform, message
):
    w = filled()
    archive = tmp_path / "all.zip"
    dump(archive)
    changed_since_the_dump(w)
    before, stored = snapshot(), files(data_dir)
    bad = _damage(archive, tmp_path / "bad.zip", model_label, _last_line(transform))
    with pytest.raises(RestoreRefused, match=message):
        restore(bad, replace=True)
    assert snapshot() == before
    assert files(data_dir) == stored  # the report file the restore had overwritten is back as it was


def test_a_replace_with_a_checksum_mismatch_touches_nothing(data_dir, tmp_path):
    w = filled()
    archive = tmp_path / "all.zip"
    dump(archive)
    changed_since_the_dump(w)
    before, stored = snapshot(), files(data_dir)
    bad = _rewrite(archive, tmp_path / "bad.zip",
                   change_member=("-plans.plan.", lambda d: d.replace("江津".encode(), "綦江".encode())))  # fmt: skip
    out = CliRunner().invoke(cli, ["restore", "--replace", str(bad)])
    assert out.exit_code == 1 and "校验和（sha256）与清单不符" in out.output
    assert snapshot() == before and files(data_dir) == stored


def test_cli_replace_reports_what_it_did(data_dir, tmp_path):
    w = filled()
    archive = tmp_path / "all.zip"
    assert CliRunner().invoke(cli, ["dump", "-o", str(archive)]).exit_code == 0
    changed_since_the_dump(w)
    out = CliRunner().invoke(cli, ["restore", "--replace", str(archive)])
    assert out.exit_code == 0, out.output
    assert "已恢复整个系统" in out.output and "删除" in out.output and "写入 1 个文件" in out.output
    assert Plan.objects.get(pk=w.plan.pk).title.startswith("江津区")
