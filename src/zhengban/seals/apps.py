from django.apps import AppConfig


class SealsConfig(AppConfig):
    name = "zhengban.seals"
    label = "seals"
