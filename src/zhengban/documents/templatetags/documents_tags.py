"""Template pieces of the document pages: a batch row's error, and the document "as it will print"."""

from django import template
from django.utils.html import format_html

from ..layout.spec import attachment_lines, body_paragraphs, chinese_date, spec_from_document
from ..models import Document

register = template.Library()
# Until the handling is proposed (拟办), the routing recommendation helps the clerk choose.
ROUTING_STATES = ("signed", "registered", "proposing")


@register.simple_tag
def row_error(errors, index, field):
    text = errors.get(f"row-{index}-{field}") if errors else None
    return format_html('<p class="errorlist">{}</p>', text) if text else ""


def _recommendation(routing):
    """The stored routing proposal in the shape of routing/_recommendation.html's `recommendation`."""
    if not routing:
        return None
    unit = {key: routing.get(key) for key in ("unit", "name", "score", "reasons")}
    return {"units": [unit], "co_units": routing.get("co_units") or []}


@register.simple_tag
def paper(matter):
    """What the paper shows: the document with its recipients and deliveries, in a fixed few queries."""
    document = (
        Document.objects.select_related("sender", "seal", "holder", "instructed_by", "number_prefix")
        .prefetch_related("main_recipients", "cc_recipients", "deliveries__organization").get(pk=matter.pk)
    )
    document.matter = matter
    spec = spec_from_document(document)
    if document.direction == "incoming":
        sender_name = document.sender.name_zh if document.sender else ""
        spec.issuer_mark = spec.issuer_mark or sender_name
        spec.issuer_signature = spec.issuer_signature or sender_name
        spec.number = document.sender_number
    data = matter.data or {}
    return {
        "document": document,
        "outgoing": document.direction == "outgoing",
        "spec": spec,
        "paragraphs": body_paragraphs(spec.body),
        "attachments": attachment_lines(spec.attachment_note),
        "written": chinese_date(spec.written_date),
        "printed": chinese_date(spec.printing_date),
        "recommendation": _recommendation(data.get("routing")) if matter.state in ROUTING_STATES else None,
        "proposal": data.get("proposal"),
        "reply": data.get("reply"),
        "check": data.get("check"),
        "circulation": data.get("circulation"),
        "reviews": data.get("office_reviews") or [],
    }
