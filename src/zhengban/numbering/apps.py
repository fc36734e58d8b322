from django.apps import AppConfig


class NumberingConfig(AppConfig):
    name = "zhengban.numbering"
    label = "numbering"
