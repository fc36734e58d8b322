from django.urls import path

from . import views

urlpatterns = [
    path("", views.item_list_page, name="supervision_list"),
    path("unit/", views.unit_page, name="supervision_unit"),
    path("leader/", views.leader_page, name="supervision_leader"),
    path("<int:pk>/extension/", views.request_extension, name="supervision_extension"),
    path("extensions/<int:pk>/decide/", views.decide_extension, name="supervision_decide"),
    path("<int:pk>/instruct/", views.instruct, name="supervision_instruct"),
    path("progress/", views.bulk_progress, name="supervision_bulk"),
    path("progress/template.xlsx", views.bulk_template, name="supervision_bulk_template"),
    path("report/weekly.<str:fmt>", views.weekly_report, name="supervision_weekly"),
    path("assessment/<int:year>/", views.assessment_page, name="supervision_assessment"),
    path("assessment/<int:year>/export.xlsx", views.assessment_export, name="supervision_assessment_xlsx"),
]
