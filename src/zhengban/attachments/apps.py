from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "zhengban.attachments"
    label = "attachments"
