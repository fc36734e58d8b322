"""Small pieces of the engine's pages: the urgency mark."""

from django import template

from ..models import Urgency

register = template.Library()


@register.filter
def urgency_label(value):
    return dict(Urgency.choices).get(value, value)
