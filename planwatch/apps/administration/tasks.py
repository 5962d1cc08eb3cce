"""The background task behind a 数据导出 job (Django's tasks framework; `planwatch worker` runs it)."""

try:
    from django.tasks import task
except ImportError:  # Django 5.2: the backport package
    from django_tasks import task

from .exporting import run_export


@task()
def export_region(job_id: int) -> str:
    return run_export(job_id)
