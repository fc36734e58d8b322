from django.apps import AppConfig


class EngineConfig(AppConfig):
    name = "zhengban.engine"
    label = "engine"
