from django.urls import path

from . import views

urlpatterns = [
    path("", views.memo_list, name="memo_list"),
    path("new/", views.new_memo, name="memo_new"),
]
