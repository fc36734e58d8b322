from django import template

from ..queries import open_meetings_for_agenda

register = template.Library()


@register.simple_tag
def meetings_open_for_agenda():
    """Meetings whose agenda can still take a topic, soonest first."""
    return list(open_meetings_for_agenda())
