"""Background tasks of the assessment (Django's tasks framework; `planwatch worker` runs them)."""

try:
    from django.tasks import task
except ImportError:  # Django 5.2: the backport package
    from django_tasks import task

from .background import run_import_reassessment


@task()
def reassess_import(item_id: int) -> str:
    return run_import_reassessment(item_id)
