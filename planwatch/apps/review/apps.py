from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "planwatch.apps.review"
    label = "review"
    verbose_name = "规划审核"
