"""Shared by the report tests: a finished job as the worker leaves it, and the page text without markup."""

import re
from pathlib import Path

from django.conf import settings

from planwatch.apps.reports.models import ReportJob


def finished_job(
    world, content: bytes = b"PK\x03\x04 report", kind="annual", fmt="docx", year=2024, region=None
):
    """A job in the state generation.run_job leaves a successful one: file under the data dir, name, size."""
    job = ReportJob.objects.create(kind=kind, plan=world.plan, region=region or world.county, year=year,
                                   format=fmt, requested_by=world.users["monitor"], attempts=1)  # fmt: skip
    path = Path(settings.DATA_DIR) / "reports" / str(job.pk) / f"report-1.{fmt}"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    ReportJob.objects.filter(pk=job.pk).update(
        state=ReportJob.State.DONE, progress=100, file=str(path.relative_to(settings.DATA_DIR)),
        filename=f"{job.region.name}{job.title}.{fmt}", size=len(content),
    )  # fmt: skip
    job.refresh_from_db()
    return job


def text(response) -> str:
    body = re.sub(r"<script.*?</script>", "", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", body))
