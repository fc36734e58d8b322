"""What the shared matter page shows of a suggestion: its session, authors, routing's advice while
it waits for assignment, returns, parts, merged items, reply letters and feedback."""

from django import template

from ..actions import is_office
from ..models import ReplyLetter, Suggestion
from ..routing_help import recommendation_for

register = template.Library()


@register.simple_tag(takes_context=True)
def suggestion_panel(context, matter):
    item = (
        Suggestion.objects.select_related("session", "parent__matter", "merged_into__matter")
        .prefetch_related("authors", "returns__unit", "feedback_records", "parts__matter__lead_unit", "merged__matter")
        .filter(pk=matter.pk).first()
    )
    if item is None:
        return None
    user = context["request"].user
    office = is_office(user)
    letters = list(ReplyLetter.objects.filter(suggestion=item).select_related("author__suggestion").order_by("-round", "author__suggestion_id", "author__position"))
    return {
        "item": item,
        "authors": list(item.authors.all()),
        "letters": letters,
        "is_office": office,
        "recommendation": recommendation_for(matter) if office and matter.state == "registered" else None,
        "may_supervise": office and matter.lead_unit_id is not None and matter.state in ("assigned", "handling", "replied"),
    }
