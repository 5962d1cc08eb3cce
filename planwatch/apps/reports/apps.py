from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "planwatch.apps.reports"
    label = "reports"
    verbose_name = "监测评估报告"
