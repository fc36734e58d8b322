from django.urls import path

from . import views

urlpatterns = [
    path("", views.catalogue, name="archive_catalogue"),
    path("records/<int:pk>/", views.record_page, name="archive_record"),
    path("matters/<int:matter_pk>/", views.archive_matter, name="archive_matter"),
    path("holds/", views.holds, name="archive_holds"),
    path("plan/", views.file_plan, name="archive_plan"),
    path("dispositions/", views.dispositions, name="archive_dispositions"),
]
