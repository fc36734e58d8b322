from django.urls import path

from .api import NotificationList

urlpatterns = [
    path("notifications/", NotificationList.as_view(), name="api-notifications"),
]
