from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "planwatch.apps.plans"
    label = "plans"
    verbose_name = "规划与指标"
