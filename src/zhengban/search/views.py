"""The search page; the top bar's box (search/_box.html) submits to it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from zhengban.core.errors import ActionError
from zhengban.core.models import Unit

from . import filters
from .presentation import state_label, type_choices, type_label
from .query import search


@login_required
def search_page(request):
    results, error = None, ""
    try:
        query, given, limit = filters.parse(request.GET, default_limit=50)
    except ActionError as exc:
        query, given, limit, error = request.GET.get("q", ""), None, 0, exc.message
    if query and not error:
        results = search(request.user, query, given, limit)
        for hit in results.hits:
            hit.type_label = type_label(hit.type)
            hit.state_label = state_label(hit.type, hit.state)
    context = {
        "query": query,
        "params": request.GET,
        "results": results,
        "error": error,
        "types": type_choices(),
        "units": Unit.objects.all(),
    }
    template = "search/_results.html" if request.headers.get("HX-Request") else "search/page.html"
    return render(request, template, context)
