from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "planwatch.apps.web"
    label = "web"
    verbose_name = "网站"
