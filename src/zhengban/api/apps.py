from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "zhengban.api"
    label = "api"
