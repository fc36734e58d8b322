from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "zhengban.notifications"
    label = "notifications"
