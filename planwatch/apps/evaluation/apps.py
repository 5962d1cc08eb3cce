from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "planwatch.apps.evaluation"
    label = "evaluation"
    verbose_name = "监测评估"
