"""The "explain this recommendation" partial, refreshed by htmx while a clerk types the 拟办 form."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_POST

from .actions import may_ask
from .recommend import recommend


@login_required
@require_POST
def recommendation(request):
    if not may_ask(request.user):
        raise PermissionDenied
    title = request.POST.get("title", "")[:500]
    text = request.POST.get("text", "")[:100_000]
    sender = request.POST.get("sender") or None
    result = recommend(text, title=title, sender=sender) if (title.strip() or text.strip()) else None
    return render(request, "routing/_recommendation.html", {"recommendation": result})
