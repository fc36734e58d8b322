from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "zhengban.search"
    label = "search"
