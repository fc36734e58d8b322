"""The bell: the signed-in person's unread notification count, for any page's navigation."""

from django import template

from ..actions import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context):
    user = context.get("user")
    return unread_count(user) if user is not None else 0
