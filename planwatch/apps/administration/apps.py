from django.apps import AppConfig


class AdministrationConfig(AppConfig):
    name = "planwatch.apps.administration"
    label = "administration"
    verbose_name = "后台管理"
