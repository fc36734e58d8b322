from django.urls import path

from zhengban.attachments.views import download_view

from .views import action, inbox, matter

urlpatterns = [
    path("inbox/", inbox.inbox_page, name="inbox"),
    path("inbox/reassign/", inbox.reassign, name="inbox_reassign"),
    path("tasks/<int:pk>/claim/", inbox.claim_task, name="task_claim"),
    path("tasks/<int:pk>/read/", inbox.mark_read, name="task_read"),
    path("matters/<int:pk>/", matter.matter_page, name="matter"),
    path("matters/<int:pk>/actions/<slug:name>/", action.matter_action, name="matter_action"),
    path("matters/<int:pk>/attachments/", action.upload_attachment, name="matter_attach"),
    path(
        "matters/attachments/<int:attachment_id>/",
        download_view(matter.attachment_readable),
        name="matter_attachment",
    ),
]
