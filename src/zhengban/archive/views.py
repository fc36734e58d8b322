"""Archive pages: the catalogue, a record (holds, corrections), archiving a matter, holds, the file
plan and disposition lists (each list's approval happens on its matter page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from zhengban.audit.models import Event
from zhengban.core.errors import ActionError
from zhengban.engine.access import visible_matters
from zhengban.engine.models import Matter

from .access import visible_records
from .actions import _may_hold, do_archive, do_correct_record, do_place_hold, do_release_hold, is_archivist
from .disposition import do_propose_disposition
from .models import DispositionKind, DispositionList, FileCategory, LegalHold, Retention

PAGE_SIZE = 50


def _active_hold():
    return Exists(LegalHold.objects.filter(record=OuterRef("pk"), released_at__isnull=True))


def filter_records(records, params):
    filters = {k: (params.get(k) or "").strip() for k in ("q", "year", "category", "retention", "status")}
    if filters["q"]:
        records = records.filter(Q(archive_number__icontains=filters["q"]) | Q(title__icontains=filters["q"]))
    if filters["year"].isdigit():
        records = records.filter(year=int(filters["year"]))
    if filters["category"]:
        records = records.filter(category__code=filters["category"])
    if filters["retention"]:
        records = records.filter(retention=filters["retention"])
    records = records.annotate(held=_active_hold())
    if filters["status"] == "held":
        records = records.filter(held=True)
    elif filters["status"] == "disposed":
        records = records.filter(disposed_at__isnull=False)
    elif filters["status"] == "kept":
        records = records.filter(disposed_at__isnull=True)
    return records, filters


@login_required
def catalogue(request):
    records, filters = filter_records(visible_records(request.user).select_related("category", "unit"), request.GET)
    page = Paginator(records.order_by("-year", "category__sort_order", "item_number"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "archive/catalogue.html", {
        "page": page, "filters": filters, "categories": FileCategory.objects.all(), "retentions": Retention.choices,
        "is_archivist": is_archivist(request.user),
    })


@login_required
def record_page(request, pk):
    record = get_object_or_404(visible_records(request.user).select_related("category", "unit", "matter", "archived_by"), pk=pk)
    if request.method == "POST":
        _record_post(request, record)
        return redirect("archive_record", pk=record.pk)
    events = Event.objects.filter(subject_type="archive.archiverecord", subject_id=record.pk).select_related("actor").order_by("seq")
    return render(request, "archive/record.html", {
        "record": record, "holds": record.holds.select_related("placed_by", "released_by"), "events": events,
        "may_hold": _may_hold(request.user), "may_correct": is_archivist(request.user) or request.user.is_system_administrator,
        "retentions": Retention.choices,
    })


def _record_post(request, record):
    what = request.POST.get("what")
    try:
        if what == "hold":
            do_place_hold(request.user, record, reason=request.POST.get("reason", ""))
            messages.success(request, _("The legal hold is placed."))
        elif what == "release":
            hold = get_object_or_404(LegalHold, pk=request.POST.get("hold"), record=record)
            do_release_hold(request.user, hold, reason=request.POST.get("reason", ""))
            messages.success(request, _("The legal hold is released."))
        elif what == "correct":
            changes = {k: request.POST[k] for k in ("title", "note", "retention") if request.POST.get(k, "") != ""
                       and request.POST[k] != str(getattr(record, k))}
            do_correct_record(request.user, record, reason=request.POST.get("reason", ""), **changes)
            messages.success(request, _("The correction is recorded."))
    except ActionError as error:
        messages.error(request, str(error.message))


@login_required
def archive_matter(request, matter_pk):
    matter = get_object_or_404(visible_matters(request.user, Matter.objects.all()), pk=matter_pk)
    values, message = {"title": matter.title, "category": "", "year": ""}, ""
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in ("title", "category", "year")}
        try:
            category = FileCategory.objects.filter(code=values["category"]).first()
            year = int(values["year"]) if values["year"].isdigit() else None
            record = do_archive(request.user, matter, category=category, title=values["title"], year=year)
        except ActionError as error:
            message = str(error.message)
        else:
            return redirect("archive_record", pk=record.pk)
    return render(request, "archive/archive_matter.html", {
        "matter": matter, "values": values, "message": message, "categories": FileCategory.objects.filter(active=True),
    }, status=400 if message else 200)


@login_required
def holds(request):
    active = LegalHold.objects.filter(released_at__isnull=True, record__in=visible_records(request.user))
    return render(request, "archive/holds.html", {"holds": active.select_related("record", "placed_by")})


@login_required
def file_plan(request):
    return render(request, "archive/plan.html", {"categories": FileCategory.objects.all(),
                                                  "may_edit": is_archivist(request.user) or request.user.is_system_administrator})


@login_required
def dispositions(request):
    if request.method == "POST":
        try:
            matter = do_propose_disposition(request.user, kind=request.POST.get("kind", ""))
        except ActionError as error:
            messages.error(request, str(error.message))
        else:
            return redirect("matter", pk=matter.pk)
    lists = DispositionList.objects.filter(matter__in=visible_matters(request.user).values("pk")).select_related("matter")
    return render(request, "archive/dispositions.html", {
        "lists": lists.order_by("-as_of", "-matter_id"), "kinds": DispositionKind.choices,
        "may_propose": is_archivist(request.user),
    })
