"""Template helpers of the web shell."""

from django import template
from django.utils.translation import get_language

from zhengban.core.models import RoleCode, Unit

register = template.Library()


@register.filter
def localized(value):
    """Pick the current language's text from a {"zh": …, "en": …} pair (subject areas and the like)."""
    if not isinstance(value, dict):
        return value
    english = (get_language() or "").startswith("en")
    first, second = ("en", "zh") if english else ("zh", "en")
    return value.get(first) or value.get(second) or ""


@register.filter
def minutes(duration):
    """Whole minutes of a timedelta, rounded up so that a lockout is never announced shorter than it is."""
    seconds = duration.total_seconds()
    return max(1, int(-(-seconds // 60)))


@register.simple_tag
def administrator_units():
    """The units where active system administrators sit: whom to ask when an account is locked."""
    return list(
        Unit.objects.filter(
            members__is_active=True, members__roles__role=RoleCode.SYSTEM_ADMINISTRATOR
        ).distinct()
    )
