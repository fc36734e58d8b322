from django.urls import path

from . import views

urlpatterns = [
    path("", views.petition_list, name="petition_list"),
    path("new/", views.new_petition, name="petition_new"),
    path("new/repeats/", views.repeat_check, name="petition_repeat_check"),
    path("stats/", views.petition_stats, name="petition_stats"),
    path("export.xlsx", views.petition_export, name="petition_export"),
    path("<int:pk>/letters/<slug:kind>.<str:fmt>", views.petition_letter, name="petition_letter"),
]
