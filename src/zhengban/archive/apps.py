from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "zhengban.archive"
    label = "archive"
