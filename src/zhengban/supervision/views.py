"""Supervision pages: the office's list (filters, counts by light), a unit's items and what is due
this week, a leader's items red first, bulk spreadsheet reports, the weekly report, the assessment.

The flow's steps happen on the shared matter page; its supervision part (supervision/_matter_detail.html)
adds extensions and leaders' instructions, which post here.
"""

import base64
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengban.core.errors import ActionError
from zhengban.core.models import Person, Unit
from zhengban.web.paging import keys_first_page

from .actions import do_decide_extension, do_instruct, do_request_extension, do_set_assessment_scheme, is_supervision_officer
from .api import xlsx_response
from .assessment import assess, assessment_xlsx
from .flows import FLOW
from .models import ExtensionRequest, Source
from .queries import FILTERS, decorate, due_this_week, filtered_items, item_list, page_rows, visible_items
from .report import weekly_docx, weekly_pdf
from .xlsx import check_rows, do_apply_progress_xlsx, read_rows, refusal, template_xlsx

PAGE_SIZE = 50
SESSION_UPLOAD = "supervision-progress-upload"


def _filters(request, **fixed):
    return {**{name: request.GET.get(name, "").strip() for name in FILTERS}, **fixed}


def _listing(request, template, title, **fixed):
    filters = _filters(request, **fixed)
    for name in ("due_before", "due_after"):
        try:
            filters[name] = datetime.date.fromisoformat(filters[name]) if filters[name] else None
        except ValueError:
            filters[name] = None
    now = timezone.now()
    rows, counts, calendar, listed = item_list(request.user, filters, now)
    page = keys_first_page(rows, request.GET.get("page"), PAGE_SIZE, page_rows, count=listed)
    decorate(page.object_list, now, calendar)
    context = {
        "title": title, "page": page, "counts": counts, "filters": filters,
        "sources": Source.choices, "states": [(s.name, s.label) for s in FLOW.states],
        "units": list(Unit.objects.all()), "leaders": list(Person.objects.filter(supervised_items__isnull=False).distinct()),
        "is_officer": is_supervision_officer(request.user),
    }
    if fixed.get("scope") == "unit":
        week = due_this_week(filtered_items(request.user, {"scope": "unit"}, now), now).select_related("matter")
        context["this_week"] = decorate(list(week.order_by("matter__due_at")[:50]), now, calendar)
    return render(request, template, context)


@login_required
def item_list_page(request):
    return _listing(request, "supervision/list.html", _("Supervision items"))


@login_required
def unit_page(request):
    return _listing(request, "supervision/list.html", _("My unit's supervision items"), scope="unit")


@login_required
def leader_page(request):
    return _listing(request, "supervision/list.html", _("Items from my meetings and instructions"), scope="leader")


def _back(matter_pk):
    return redirect("matter", pk=matter_pk)


@login_required
@require_POST
def request_extension(request, pk):
    item = get_object_or_404(visible_items(request.user).select_related("matter"), pk=pk)
    try:
        do_request_extension(request.user, item.matter, new_due=request.POST.get("new_due"), reason=request.POST.get("reason"))
        messages.success(request, _("Extension requested."))
    except ActionError as error:
        messages.error(request, error.message)
    return _back(pk)


@login_required
@require_POST
def decide_extension(request, pk):
    extension = get_object_or_404(ExtensionRequest.objects.filter(item__in=visible_items(request.user)), pk=pk)
    try:
        do_decide_extension(request.user, extension, approve=request.POST.get("approve") == "1", note=request.POST.get("note", ""))
        messages.success(request, _("Decision recorded."))
    except ActionError as error:
        messages.error(request, error.message)
    return _back(extension.item_id)


@login_required
@require_POST
def instruct(request, pk):
    item = get_object_or_404(visible_items(request.user).select_related("matter"), pk=pk)
    try:
        do_instruct(request.user, item.matter, text=request.POST.get("text"))
        messages.success(request, _("Instruction sent to the lead unit."))
    except ActionError as error:
        messages.error(request, error.message)
    return _back(pk)


@login_required
def bulk_progress(request):
    """Upload → preview → apply, whole or not at all; the file waits in the session between the two."""
    context = {"rows": None, "valid": False, "message": "", "applied": None}
    status = 200
    if request.method == "POST" and request.POST.get("step") == "apply":
        content = base64.b64decode(request.session.get(SESSION_UPLOAD, ""))
        try:
            context["applied"] = do_apply_progress_xlsx(request.user, content)
            request.session.pop(SESSION_UPLOAD, None)
        except ActionError as error:
            context["message"], status = error.message, 400
            try:
                context["rows"] = check_rows(request.user, read_rows(content))
            except ActionError:
                context["rows"] = None
    elif request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ActionError(_("Choose an XLSX file."))
            content = upload.read()
            rows = check_rows(request.user, read_rows(content))
        except ActionError as error:
            context["message"], status = error.message, 400
        else:
            context["rows"], context["valid"] = rows, not any(r.error for r in rows)
            if context["valid"]:
                request.session[SESSION_UPLOAD] = base64.b64encode(content).decode()
            else:
                context["message"], status = refusal(rows).message, 400
    return render(request, "supervision/bulk.html", context, status=status)


@login_required
def bulk_template(request):
    return xlsx_response(template_xlsx(request.user), "progress.xlsx")


def _office_or_leader(person):
    if not (is_supervision_officer(person) or person.is_leader):
        raise PermissionDenied(_("Only the Supervision Office and leaders see this."))


@login_required
def weekly_report(request, fmt):
    if fmt not in ("pdf", "docx"):
        raise Http404
    _office_or_leader(request.user)
    now = timezone.now()
    if fmt == "pdf":
        return HttpResponse(weekly_pdf(request.user, now), content_type="application/pdf")
    response = HttpResponse(
        weekly_docx(request.user, now),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="supervision-{now:%Y%m%d}.docx"'
    return response


@login_required
def assessment_page(request, year):
    _office_or_leader(request.user)
    message = ""
    if request.method == "POST":
        try:
            do_set_assessment_scheme(request.user, year, **{
                k: request.POST.get(k) for k in ("on_time_points", "verified_points", "quality_points", "red_deduction")})
            return redirect("supervision_assessment", year=year)
        except ActionError as error:
            message = error.message
    scheme, ranking = assess(year)
    context = {"year": year, "scheme": scheme, "ranking": ranking, "message": message,
               "is_officer": is_supervision_officer(request.user)}
    return render(request, "supervision/assessment.html", context, status=400 if message else 200)


@login_required
def assessment_export(request, year):
    _office_or_leader(request.user)
    return xlsx_response(assessment_xlsx(year), f"assessment-{year}.xlsx")


