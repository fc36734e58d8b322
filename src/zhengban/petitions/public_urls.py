from django.urls import path

from . import public_views

urlpatterns = [
    path("new/", public_views.public_new, name="petition_public_new"),
    path("status/", public_views.public_status, name="petition_public_status"),
]
