from django.urls import path

from . import views

urlpatterns = [
    path("", views.register, name="seal_register"),
    path("uses/", views.use_log, name="seal_uses"),
    path("request/", views.new_request, name="seal_request_new"),
    path("engraving/", views.new_engraving, name="seal_engraving_new"),
]
