"""Seal pages: the register with each seal's recent uses, the use log (filters, XLSX export), and
the forms that open a seal request or an engraving request."""

import datetime
import io

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from zhengban.core.errors import ActionError
from zhengban.core.models import Unit
from zhengban.engine.access import visible_matters
from zhengban.engine.models import Matter

from .actions import do_request_seal_engraving, do_request_seal_use
from .models import Seal, SealKind, SealUse

RECENT = 5
PAGE_SIZE = 50


def _with_documents(person, uses):
    """Mark each use's document readable or not: a title above the reader's clearance is not shown."""
    for use in uses:
        use.document_readable = use.matter is not None and use.matter.classification <= person.clearance
    return uses


@login_required
def register(request):
    seals = list(Seal.objects.select_related("keeper_unit"))
    # The register holds a handful of seals (one query each for its latest uses).
    for seal in seals:
        uses = seal.uses.select_related("seal", "matter", "applied_by", "approved_by").order_by("-used_at", "-id")[:RECENT]
        seal.recent_uses = _with_documents(request.user, list(uses))
    return render(request, "seals/register.html", {"seals": seals})


def _filtered_uses(request):
    filters = {k: request.GET.get(k, "").strip() for k in ("seal", "since", "until", "q")}
    uses = SealUse.objects.select_related("seal", "matter", "applied_by", "approved_by", "requested_by")
    if filters["seal"]:
        uses = uses.filter(seal__code=filters["seal"])
    since, until = parse_date(filters["since"] or ""), parse_date(filters["until"] or "")
    if since:
        uses = uses.filter(used_at__date__gte=since)
    if until:
        uses = uses.filter(used_at__date__lte=until)
    if filters["q"]:
        readable = Q(matter__classification__lte=request.user.clearance)
        uses = uses.filter(Q(purpose__icontains=filters["q"]) | Q(note__icontains=filters["q"])
                           | (readable & (Q(matter__title__icontains=filters["q"]) | Q(matter__number__icontains=filters["q"]))))
    return uses.order_by("-used_at", "-id"), filters


@login_required
def use_log(request):
    uses, filters = _filtered_uses(request)
    if request.GET.get("format") == "xlsx":
        return _xlsx(request.user, uses)
    page = Paginator(uses, PAGE_SIZE).get_page(request.GET.get("page"))
    _with_documents(request.user, page.object_list)
    return render(request, "seals/uses.html", {"page": page, "filters": filters, "seals": Seal.objects.all()})


def _xlsx(person, uses):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Seal uses")[:31]
    sheet.append([_("Used at"), _("Seal"), _("Impressions"), _("Document"), _("Purpose"), _("Applied by"),
                  _("Approved by"), _("Requested by"), _("Note")])
    for use in _with_documents(person, list(uses)):
        document = ""
        if use.matter is not None:
            document = f"{use.matter.number} {use.matter.title}".strip() if use.document_readable else _("(classified document)")
        sheet.append([
            timezone.localtime(use.used_at).strftime("%Y-%m-%d %H:%M"), use.seal.name_zh, use.impressions, document,
            use.purpose, use.applied_by.display_name, use.approved_by.display_name if use.approved_by else "",
            use.requested_by.display_name if use.requested_by else "", use.note,
        ])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="seal-uses-{datetime.date.today():%Y%m%d}.xlsx"'
    return response


def _form_page(request, template, fields, act, context):
    values, errors, message = {}, {}, ""
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in fields}
        try:
            matter = act(values)
        except ActionError as error:
            message = str(error.message)
            errors = {name: message for name in (error.fields or {})}
        else:
            return redirect("matter", pk=matter.pk)
    context.update({"values": values, "errors": errors, "message": message})
    return render(request, template, context, status=400 if message else 200)


def _int(text, field):
    try:
        return int(text)
    except (TypeError, ValueError):
        raise ActionError(_("Enter a whole number."), fields={field: "integer"}) from None


@login_required
def new_request(request):
    def act(values):
        seal = Seal.objects.filter(code=values["seal"]).first()
        if seal is None:
            raise ActionError(_("Choose a seal."), fields={"seal": "required"})
        document = None
        if values["document"]:
            document = visible_matters(request.user, Matter.objects.filter(pk=_int(values["document"], "document"))).first()
            if document is None:
                raise ActionError(_("No such document."), fields={"document": "unknown"})
        return do_request_seal_use(request.user, seal=seal, purpose=values["purpose"],
                                   impressions=_int(values["impressions"], "impressions"), document=document)

    return _form_page(request, "seals/request.html", ("seal", "purpose", "impressions", "document"), act,
                      {"seals": Seal.objects.filter(active=True)})


@login_required
def new_engraving(request):
    def act(values):
        unit = Unit.objects.filter(code=values["keeper_unit"]).first()
        return do_request_seal_engraving(request.user, code=values["code"], name_zh=values["name_zh"],
                                         name_en=values["name_en"], kind=values["kind"], keeper_unit=unit,
                                         reason=values["reason"])

    return _form_page(request, "seals/engraving.html", ("code", "name_zh", "name_en", "kind", "keeper_unit", "reason"),
                      act, {"kinds": SealKind.choices, "units": Unit.objects.all()})
