"""The background task behind every report job (Django's tasks framework; the database backend queues it and
`planwatch worker` runs it)."""

try:
    from django.tasks import task
except ImportError:  # Django 5.2: the backport package
    from django_tasks import task

from .generation import run_job


@task()
def generate_report(job_id: int) -> str:
    return run_job(job_id)
