from django.urls import path

from . import views

urlpatterns = [
    path("", views.item_list_page, name="suggestion_list"),
    path("statistics/", views.statistics_page, name="suggestion_statistics"),
    path("sessions/", views.sessions_page, name="suggestion_sessions"),
    path("sessions/<int:pk>/import/", views.import_page, name="suggestion_import"),
    path("letters/<int:pk>.<str:fmt>", views.letter_download, name="suggestion_letter"),
    path("<int:pk>/supervise/", views.supervise, name="suggestion_supervise"),
]
