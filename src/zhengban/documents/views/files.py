"""The document as PDF (GB/T 9704-2012) and as an editable Word file, for those who may see it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from zhengban.engine.access import can_see
from zhengban.engine.reading import do_record_classified_read

from ..layout import render_docx, render_pdf, spec_from_document
from ..models import Document

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _document(user, pk):
    """The document if `user` may see it; a 404 otherwise, so its existence is not revealed."""
    document = (
        Document.objects.select_related("matter", "sender", "seal", "number_prefix")
        .prefetch_related("main_recipients", "cc_recipients").filter(pk=pk).first()
    )
    if document is None or not can_see(user, document.matter):
        raise Http404
    if document.matter.classification:
        do_record_classified_read(user, document.matter)
    return document


def file_name(matter, extension):
    stem = " ".join(part for part in (matter.number, matter.title) if part) or str(matter.pk)
    for bad in '/\\:*?"<>|\n\r':
        stem = stem.replace(bad, " ")
    return f"{stem.strip()[:120]}.{extension}"


def _download(matter, content, content_type, extension):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, file_name(matter, extension))
    return response


@login_required
def document_pdf(request, pk):
    document = _document(request.user, pk)
    return _download(document.matter, render_pdf(spec_from_document(document)), "application/pdf", "pdf")


@login_required
def document_docx(request, pk):
    document = _document(request.user, pk)
    return _download(document.matter, render_docx(spec_from_document(document)), DOCX_TYPE, "docx")



