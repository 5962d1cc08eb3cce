from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "planwatch.apps.reporting"
    label = "reporting"
    verbose_name = "年度数据报送"
