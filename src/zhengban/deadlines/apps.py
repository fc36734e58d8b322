from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "zhengban.deadlines"
    label = "deadlines"
