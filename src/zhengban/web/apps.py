from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "zhengban.web"
    label = "web"
