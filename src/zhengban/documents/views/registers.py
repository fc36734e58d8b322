"""The incoming and outgoing registers (收文登记簿, 发文登记簿): search, filters, paging, XLSX export.

Rows are only ever taken from engine.access.visible_matters, so a classified document never shows
to someone without the clearance. A page costs the same number of queries at any size, and a deep
page no more than the first (web.paging: the keys are ordered alone, then fifty rows loaded).
"""

import datetime
import io
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from zhengban.core.models import Unit
from zhengban.engine.access import visible_matters
from zhengban.engine.flow import get_flow
from zhengban.engine.models import Matter, Urgency
from zhengban.engine.views.common import Lights
from zhengban.web.paging import keys_first_page

from ..models import DocType, Organization

PAGE_SIZE = 50
FILTERS = ("q", "number", "sender", "doc_type", "state", "urgency", "unit", "since", "until")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


REGISTER_JOINS = ("lead_unit", "creator_unit", "document", "document__sender", "document__holder")


def register_rows(person, direction):
    return visible_matters(person, Matter.objects.filter(type=direction).select_related(*REGISTER_JOINS))


def register_page_rows(keys):
    return Matter.objects.filter(pk__in=keys).select_related(*REGISTER_JOINS)


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filtered_register(person, direction, filters):
    """The register rows `person` may see, narrowed by the page's filters, newest first."""
    rows = register_rows(person, direction)
    if filters["q"]:
        words = filters["q"]
        rows = rows.filter(Q(title__icontains=words) | Q(number__icontains=words)
                           | Q(document__sender_number__icontains=words))
    if filters["number"]:
        rows = rows.filter(Q(number__icontains=filters["number"]) | Q(document__sender_number__icontains=filters["number"]))
    if filters["sender"]:
        rows = rows.filter(document__sender__code=filters["sender"])
    for name, lookup in (("doc_type", "document__doc_type"), ("state", "state"), ("urgency", "urgency")):
        if filters[name]:
            rows = rows.filter(**{lookup: filters[name]})
    if filters["unit"]:
        rows = rows.filter(Q(lead_unit__code=filters["unit"]) | Q(creator_unit__code=filters["unit"]))
    since, until = parse_date(filters["since"] or ""), parse_date(filters["until"] or "")
    if direction == "incoming":
        if since:
            rows = rows.filter(document__received_at__gte=_start_of(since))
        if until:
            rows = rows.filter(document__received_at__lt=_start_of(until + datetime.timedelta(days=1)))
        return rows.order_by("-document__received_at", "-id")
    if since:
        rows = rows.filter(opened_at__gte=_start_of(since))
    if until:
        rows = rows.filter(opened_at__lt=_start_of(until + datetime.timedelta(days=1)))
    return rows.order_by("-opened_at", "-id")


def read_filters(request):
    return {name: request.GET.get(name, "").strip() for name in FILTERS}


def _label(choices):
    labels = {value: str(label) for value, label in choices}
    return lambda value: labels.get(value, value)


def annotate_rows(matters, direction):
    """State label, type label and deadline light on each row, without further queries."""
    flow = get_flow(direction)
    doc_type = _label(DocType.choices)
    lights = Lights(timezone.now())
    for matter in matters:
        matter.state_label = flow.state_map[matter.state].label if matter.state in flow.state_map else matter.state
        matter.doc_type_label = doc_type(matter.document.doc_type)
        matter.due = None if matter.closed_at else lights.due(matter.due_at, matter.due_provisional)
    return matters


def _query_string(filters):
    return urlencode({k: v for k, v in filters.items() if v})


@login_required
def register(request, direction):
    filters = read_filters(request)
    rows = filtered_register(request.user, direction, filters)
    if request.GET.get("format") == "xlsx":
        return register_xlsx(rows, direction)
    page = keys_first_page(rows, request.GET.get("page"), PAGE_SIZE, register_page_rows)
    annotate_rows(page.object_list, direction)
    flow = get_flow(direction)
    context = {
        "direction": direction,
        "title": flow.label,
        "page": page,
        "filters": filters,
        "query": _query_string(filters),
        "states": [(s.name, s.label) for s in flow.states],
        "doc_types": DocType.choices,
        "urgencies": Urgency.choices,
        "senders": list(Organization.objects.filter(active=True)) if direction == "incoming" else [],
        "units": list(Unit.objects.all()),
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "register-table":
        return render(request, "documents/_register_table.html", context)
    return render(request, "documents/register.html", context)


def _headers(direction):
    if direction == "incoming":
        return [_("Register number"), _("Received"), _("Sender"), _("Sender's number"), _("Document type"), _("Title"),
                _("Classification"), _("Urgency"), _("Lead unit"), _("State"), _("Due"), _("Held by")]
    return [_("Document number"), _("Drafted"), _("Date written"), _("Drafting unit"), _("Document type"), _("Title"),
            _("Classification"), _("Urgency"), _("State"), _("Signed by")]


def _local(moment, pattern="%Y-%m-%d %H:%M"):
    return timezone.localtime(moment).strftime(pattern) if moment else ""


def _xlsx_row(matter, direction, classification, urgency):
    document = matter.document
    common = [matter.doc_type_label, matter.title, classification(matter.classification), urgency(matter.urgency)]
    if direction == "incoming":
        return [matter.number, _local(document.received_at), document.sender.name if document.sender else "",
                document.sender_number, *common, matter.lead_unit.name if matter.lead_unit else "", matter.state_label,
                _local(matter.due_at), document.holder.display_name if document.holder else ""]
    signers = "、".join(s.get("name", "") for s in document.signers)
    return [matter.number, _local(matter.opened_at, "%Y-%m-%d"),
            document.written_date.isoformat() if document.written_date else "",
            matter.creator_unit.name if matter.creator_unit else "", *common, matter.state_label, signers]


def register_xlsx(rows, direction):
    """The filtered register as a spreadsheet, headers in the reader's language; rows in chunks."""
    from openpyxl import Workbook

    from zhengban.core.models import Clearance

    classification, urgency = _label(Clearance.choices), _label(Urgency.choices)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(get_flow(direction).label)[:31])
    sheet.append(_headers(direction))
    paginator = Paginator(rows, 2000)
    for number in paginator.page_range:
        for matter in annotate_rows(list(paginator.page(number).object_list), direction):
            sheet.append([str(cell) if cell is not None else "" for cell in _xlsx_row(matter, direction, classification, urgency)])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    title = _("Incoming register") if direction == "incoming" else _("Outgoing register")
    name = f"{title}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
