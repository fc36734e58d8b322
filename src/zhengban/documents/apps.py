from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "zhengban.documents"
    label = "documents"
