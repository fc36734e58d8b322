from django.apps import AppConfig


class RoutingConfig(AppConfig):
    name = "zhengban.routing"
    label = "routing"
