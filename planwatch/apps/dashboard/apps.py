from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "planwatch.apps.dashboard"
    label = "dashboard"
    verbose_name = "工作台看板"

    def ready(self) -> None:
        from . import freshness

        freshness.connect()
