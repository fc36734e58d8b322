"""`inbox_counts` for the navigation badge, counted only when a template asks for it."""

from django.utils.functional import SimpleLazyObject


def inbox_counts(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        from .inbox import counts

        return counts(user)

    return {"inbox_counts": SimpleLazyObject(count)}
