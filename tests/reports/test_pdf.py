"""The PDF of the annual report, through the job: LibreOffice converts it, the text is extractable Chinese."""

import io
import shutil

import pypdf
import pytest
from django.urls import reverse

from planwatch.apps.reports.models import ReportJob

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed"),
]


def test_annual_pdf(client, data):
    client.force_login(data.users["admin"])
    client.post(reverse("reports:request", args=[data.plan.pk, data.county.pk]),
                {"kind": "annual", "format": "pdf", "year": "2024"})  # fmt: skip
    job = ReportJob.objects.get()
    assert job.state == ReportJob.State.DONE, job.error
    assert job.filename.endswith(".pdf")
    r = client.get(reverse("reports:download", args=[job.pk]))
    content = b"".join(r.streaming_content)
    assert content.startswith(b"%PDF")
    words = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    assert "孕产妇死亡率" in words and "江津区" in words
