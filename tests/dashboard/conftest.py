"""The evaluation tests' county world (江津区, four years of data, two towns) serves the dashboard too."""

from evaluation.conftest import data, health_task, world  # noqa: F401  (fixtures)
