from django.apps import AppConfig


class DictionaryConfig(AppConfig):
    name = "planwatch.apps.dictionary"
    label = "dictionary"
    verbose_name = "指标字典"
