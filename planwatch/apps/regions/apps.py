from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "planwatch.apps.regions"
    label = "regions"
    verbose_name = "地区与部门"
