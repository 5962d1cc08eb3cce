from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "planwatch.apps.portal"
    label = "portal"
    verbose_name = "信息发布与公众反馈"
