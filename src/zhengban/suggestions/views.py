"""Suggestion pages: sessions and their import (upload → preview → apply), the list with filters
and its export, the Supervision Office's table by unit, reply letters, and 督办.

Every handling step (assign, accept, return, reply, feedback, merge, split) happens on the shared
matter page through the flow; its suggestion part is suggestions/_matter_detail.html.
"""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengban.core.errors import ActionError
from zhengban.core.models import Unit
from zhengban.engine.access import visible_matters
from zhengban.engine.models import Matter
from zhengban.engine.views.common import Lights, state_label

from .actions import do_create_session, do_open_supervision_for, is_office
from .flows import FLOW, TYPE
from .importing import check_sheet, do_import_suggestions, read_sheet, refusal
from .letters import letter_docx, letter_pdf
from .models import Kind, ReplyLetter, ResultCode, Session
from .queries import FILTERS, item_list
from .stats import item_list_xlsx, unit_table, unit_table_xlsx

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filters(request):
    return {name: request.GET.get(name, "").strip() for name in FILTERS}


def _choices(request):
    return {
        "sessions": list(Session.objects.all()), "kinds": Kind.choices,
        "states": [(s.name, s.label) for s in FLOW.states], "units": list(Unit.objects.all()),
        "codes": list(ResultCode.objects.all()), "is_office": is_office(request.user),
    }


def _label(state):
    return state_label(TYPE, state)


@login_required
def item_list_page(request):
    filters, now = _filters(request), timezone.now()
    items = item_list(request.user, filters, now)
    if request.GET.get("export") == "xlsx":
        return download(item_list_xlsx(items, _label), XLSX, "suggestions.xlsx")
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    lights = Lights(now)
    for item in page.object_list:
        item.state_label = _label(item.matter.state)
        item.due = None if item.matter.closed_at else lights.due(item.matter.due_at, item.matter.due_provisional)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "filters": filters, "query": query.urlencode(), **_choices(request)}
    return render(request, "suggestions/list.html", context)


def _office_or_leader(person):
    if not (is_office(person) or person.is_leader):
        raise PermissionDenied(_("Only the Supervision Office and leaders see this."))


@login_required
def statistics_page(request):
    _office_or_leader(request.user)
    filters, now = _filters(request), timezone.now()
    if request.GET.get("export") == "xlsx":
        return download(unit_table_xlsx(request.user, filters, now), XLSX, "suggestions-by-unit.xlsx")
    rows, total, codes = unit_table(request.user, filters, now)
    query = request.GET.copy()
    context = {"rows": rows, "total": total, "code_names": codes, "filters": filters, "query": query.urlencode(),
               **_choices(request)}
    return render(request, "suggestions/statistics.html", context)


@login_required
def sessions_page(request):
    office = is_office(request.user)
    values, message = {"kind": Kind.NPC, "year": timezone.localtime().year}, ""
    if request.method == "POST":
        if not office:
            raise PermissionDenied
        values = {k: request.POST.get(k, "").strip() for k in ("name", "kind", "year")}
        try:
            session = do_create_session(request.user, **values)
        except ActionError as error:
            message = error.message
        else:
            return redirect("suggestion_import", pk=session.pk)
    context = {"sessions": Session.objects.all(), "values": values, "message": message, "is_office": office,
               "kinds": Kind.choices}
    return render(request, "suggestions/sessions.html", context, status=400 if message else 200)


def _upload_key(session):
    return f"suggestion-import-{session.pk}"


@login_required
def import_page(request, pk):
    """Upload → preview → apply, whole or not at all; the file waits in the session between the two."""
    if not is_office(request.user):
        raise PermissionDenied(_("Only the Supervision Office may do this."))
    session = get_object_or_404(Session, pk=pk)
    context, status = {"session": session, "sheet": None, "message": "", "imported": None}, 200
    if request.method == "POST" and request.POST.get("step") == "apply":
        content = base64.b64decode(request.session.get(_upload_key(session), ""))
        try:
            context["imported"] = len(do_import_suggestions(request.user, session, content))
            request.session.pop(_upload_key(session), None)
        except ActionError as error:
            context["message"], status = error.message, 400
    elif request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ActionError(_("Choose an XLSX file."))
            content = upload.read()
            sheet = check_sheet(session, read_sheet(content))
        except ActionError as error:
            context["message"], status = error.message, 400
        else:
            context["sheet"] = sheet
            if sheet.valid:
                request.session[_upload_key(session)] = base64.b64encode(content).decode()
            else:
                context["message"], status = refusal(sheet).message, 400
    return render(request, "suggestions/import.html", context, status=status)


def visible_letter(person, pk):
    letters = ReplyLetter.objects.filter(
        suggestion__matter__in=visible_matters(person, Matter.objects.filter(type=TYPE)).values("pk")
    ).select_related("suggestion__session", "suggestion__matter", "author", "lead_unit")
    return get_object_or_404(letters, pk=pk)


@login_required
def letter_download(request, pk, fmt):
    letter = visible_letter(request.user, pk)
    name = f"reply-{letter.suggestion.number}-{letter.author_id}-{letter.round}"
    if fmt == "pdf":
        return download(letter_pdf(letter), "application/pdf", f"{name}.pdf")
    if fmt == "docx":
        return download(letter_docx(letter), DOCX, f"{name}.docx")
    raise Http404


@login_required
@require_POST
def supervise(request, pk):
    matter = get_object_or_404(visible_matters(request.user, Matter.objects.filter(type=TYPE)), pk=pk)
    try:
        item = do_open_supervision_for(request.user, matter, due=request.POST.get("due"))
    except ActionError as error:
        messages.error(request, error.message)
        return redirect("matter", pk=matter.pk)
    messages.success(request, _("Supervision item %(number)s opened.") % {"number": item.number})
    return redirect("matter", pk=item.pk)

