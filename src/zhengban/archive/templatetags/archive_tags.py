from django import template

from ..disposition import entries_for

register = template.Library()


@register.simple_tag(takes_context=True)
def disposition_entries(context, matter):
    """The list's entries the reader may read, and the count of those above their clearance."""
    return entries_for(context["request"].user, matter.disposition_list)
