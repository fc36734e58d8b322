from django.urls import path

from .views import files, forms, registers

urlpatterns = [
    path("incoming/new/", forms.sign_in, name="documents_sign_in"),
    path("incoming/batch/", forms.sign_in_batch, name="documents_sign_in_batch"),
    path("outgoing/new/", forms.new_draft, name="documents_new_draft"),
    path("outgoing/skeleton/", forms.draft_skeleton, name="documents_draft_skeleton"),
    path("<int:pk>/pdf", files.document_pdf, name="document_pdf"),
    path("<int:pk>/docx", files.document_docx, name="document_docx"),
    path("incoming/", registers.register, {"direction": "incoming"}, name="documents_incoming"),
    path("outgoing/", registers.register, {"direction": "outgoing"}, name="documents_outgoing"),
]
