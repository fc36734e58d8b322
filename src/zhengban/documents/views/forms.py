"""Forms that create documents: signing in one incoming document or a batch from the exchange box
(签收), and starting an outgoing draft (起草) whose body starts from the type's skeleton."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from zhengban.core.errors import ActionError, NotAllowed
from zhengban.core.models import Clearance, DocumentPrefix
from zhengban.engine.models import Urgency

from ..actions import do_sign_in_batch, do_sign_in_document, do_start_draft
from ..flows import INCOMING_PREFIX
from ..models import DocType, Organization, OrganizationKind
from ..skeletons import BODY_SKELETONS, ISSUERS, body_template

INCOMING_FIELDS = ("sender", "sender_number", "doc_type", "title", "received_copies", "received_at",
                   "classification", "classification_period", "urgency", "body", "attachment_note")
BATCH_FIELDS = ("sender", "sender_number", "doc_type", "title", "received_copies", "urgency")
BATCH_ROWS = 8
DRAFT_FIELDS = ("doc_type", "number_prefix", "title", "body", "classification", "classification_period", "urgency",
                "attachment_note", "annotation")


def _organizations():
    """The directory grouped by kind, for <optgroup>s."""
    kinds = dict(OrganizationKind.choices)
    groups = {}
    for org in Organization.objects.filter(active=True):
        groups.setdefault(kinds.get(org.kind, org.kind), []).append(org)
    return list(groups.items())


def _classifications(person):
    return [(value, label) for value, label in Clearance.choices if value <= person.clearance]


def _int(text, field, default=0):
    if text in ("", None):
        return default
    try:
        return int(text)
    except (TypeError, ValueError):
        raise ActionError(_("Please correct the highlighted fields."), fields={field: _("Enter a whole number.")}) from None


def _failed(error):
    fields = error.fields or {}
    return str(error.message), {name: str(text) for name, text in fields.items()}


def _common(request):
    return {
        "organizations": _organizations(),
        "doc_types": DocType.choices,
        "urgencies": Urgency.choices,
        "classifications": _classifications(request.user),
    }


def _incoming_spec(values, prefix=""):
    spec = {name: values.get(name, "") for name in INCOMING_FIELDS if values.get(name, "") != ""}
    spec["received_copies"] = _int(values.get("received_copies"), f"{prefix}received_copies", 1)
    spec["classification"] = _int(values.get("classification"), f"{prefix}classification", 0)
    return spec


@login_required
def sign_in(request):
    values, errors, message = {"received_copies": "1", "urgency": Urgency.NORMAL, "classification": "0"}, {}, ""
    if request.method == "POST":
        values = {name: request.POST.get(name, "").strip() for name in INCOMING_FIELDS}
        try:
            matter = do_sign_in_document(request.user, **_incoming_spec(values))
        except (ActionError, NotAllowed) as error:
            message, errors = _failed(error)
        else:
            return redirect("matter", pk=matter.pk)
    context = {**_common(request), "values": values, "errors": errors, "message": message}
    return render(request, "documents/sign_in.html", context, status=400 if message else 200)


def _batch_rows(post):
    rows = []
    for index in range(1, BATCH_ROWS + 1):
        row = {name: post.get(f"row-{index}-{name}", "").strip() for name in BATCH_FIELDS}
        rows.append(row)
    return rows


def _filled(row):
    return bool(row["title"] or row["sender"] or row["sender_number"])


@login_required
def sign_in_batch(request):
    rows = [{"received_copies": "1", "urgency": Urgency.NORMAL} for _index in range(BATCH_ROWS)]
    errors, message = {}, ""
    if request.method == "POST":
        rows = _batch_rows(request.POST)
        filled = [(index, row) for index, row in enumerate(rows, start=1) if _filled(row)]
        try:
            specs = [_incoming_spec(row, f"documents.{position}.") for position, (_i, row) in enumerate(filled, 1)]
            matters = do_sign_in_batch(request.user, specs)
        except (ActionError, NotAllowed) as error:
            message, raw = _failed(error)
            # The action names fields by position among the filled rows; the form by row number.
            positions = {str(position): str(index) for position, (index, _row) in enumerate(filled, 1)}
            for key, text in raw.items():
                parts = key.split(".")
                if len(parts) == 3 and parts[0] == "documents":
                    errors[f"row-{positions.get(parts[1], parts[1])}-{parts[2]}"] = text
        else:
            messages.success(request, _("%(n)d documents signed in; register each from its page.") % {"n": len(matters)})
            return redirect(reverse("documents_incoming") + "?state=signed")
    numbered = [(index, row) for index, row in enumerate(rows, start=1)]
    context = {**_common(request), "rows": numbered, "errors": errors, "message": message}
    return render(request, "documents/sign_in_batch.html", context, status=400 if message else 200)


def _prefixes():
    return list(DocumentPrefix.objects.filter(code__in=ISSUERS).exclude(code=INCOMING_PREFIX).order_by("code"))


@login_required
def new_draft(request):
    values = {"doc_type": DocType.NOTICE, "number_prefix": "office", "urgency": Urgency.NORMAL, "classification": "0",
              "body": body_template(DocType.NOTICE)}
    chosen = {"main_recipients": [], "cc_recipients": []}
    errors, message = {}, ""
    if request.method == "POST":
        values = {name: request.POST.get(name, "").strip() for name in DRAFT_FIELDS}
        values["body"] = request.POST.get("body", "")
        chosen = {name: request.POST.getlist(name) for name in chosen}
        flags = {name: request.POST.get(name) == "on" for name in ("important", "carries_several_matters")}
        values.update(flags)
        try:
            matter = do_start_draft(
                request.user, doc_type=values["doc_type"], title=values["title"], number_prefix=values["number_prefix"],
                body=values["body"], main_recipients=chosen["main_recipients"], cc_recipients=chosen["cc_recipients"],
                classification=_int(values["classification"], "classification"),
                classification_period=values["classification_period"], urgency=values["urgency"] or Urgency.NORMAL,
                attachment_note=values["attachment_note"], annotation=values["annotation"], **flags,
            )
        except (ActionError, NotAllowed) as error:
            message, errors = _failed(error)
        else:
            return redirect("matter", pk=matter.pk)
    context = {**_common(request), "values": values, "chosen": chosen, "errors": errors, "message": message,
               "prefixes": _prefixes()}
    return render(request, "documents/new_draft.html", context, status=400 if message else 200)


@login_required
def draft_skeleton(request):
    """The body field for the chosen type: the type's skeleton, unless the drafter has written their own."""
    body = request.GET.get("body", "")
    untouched = not body.strip() or body.replace("\r\n", "\n") in BODY_SKELETONS.values()
    if untouched:
        body = body_template(request.GET.get("doc_type", ""))
    return render(request, "documents/_draft_body.html", {"values": {"body": body}, "errors": {}})
