from django.apps import AppConfig


class MemosConfig(AppConfig):
    name = "zhengban.memos"
    label = "memos"
