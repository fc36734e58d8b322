from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "zhengban.supervision"
    label = "supervision"
