"""Public pages without login: the online petition form and the progress check by query code."""

from django.shortcuts import render
from django.views.decorators.csrf import csrf_protect

from zhengban.core.errors import ActionError

from .actions import do_rate_by_code, do_submit_online_petition, petition_by_code
from .models import Category, Place, Rating
from .public import public_facts
from .ratelimit import client_ip

FORM_FIELDS = ("name", "phone", "id_number", "address", "category", "place", "text")


@csrf_protect
def public_new(request):
    values, errors, message, done, status = {}, {}, "", None, 200
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in FORM_FIELDS}
        try:
            petition = do_submit_online_petition(client_ip(request), files=request.FILES.getlist("files"), **values)
        except ActionError as error:
            message, errors, status = str(error.message), error.fields, error.status
        else:
            done = {"code": petition.query_code, **public_facts(petition)}
    context = {"values": values, "errors": errors, "message": message, "done": done,
               "categories": Category.choices, "places": Place.choices}
    return render(request, "petitions/public_new.html", context, status=status)


@csrf_protect
def public_status(request):
    code = (request.POST.get("code") or request.GET.get("code") or "").strip().upper()
    facts, message, status = None, "", 200
    if code:
        try:
            if request.method == "POST" and request.POST.get("rating"):
                facts = public_facts(do_rate_by_code(client_ip(request), code, request.POST["rating"]))
            else:
                facts = public_facts(petition_by_code(client_ip(request), code))
        except ActionError as error:
            message, status = str(error.message), error.status
    context = {"code": code, "facts": facts, "message": message, "ratings": Rating.choices}
    return render(request, "petitions/public_status.html", context, status=status)
