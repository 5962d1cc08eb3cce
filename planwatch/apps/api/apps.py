from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "planwatch.apps.api"
    label = "api"
    verbose_name = "接口"
