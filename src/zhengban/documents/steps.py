"""What the document flows' transitions do besides moving the matter: who gets the next task, the
predicates, guards and effects on the Document row. Declared in flows.py."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from zhengban.core.errors import ActionError
from zhengban.core.models import LEADER_ROLES, Person, RoleCode, Unit
from zhengban.deadlines.compute import compute_due, end_of_day
from zhengban.engine.fields import Form
from zhengban.engine.flow import Assignee

from .checks import refuse_manual_number
from .models import Document, Organization

# DESIGN.md §3: Secretariat Section 1 keeps the document register, the seals and dispatch.
SECRETARIAT = "secretariat-1"


class DocumentForm(Form):
    """A transition form that refuses a hand-typed 发文字号 with its own message before anything else."""

    def clean(self, data):
        refuse_manual_number(data)
        return super().clean(data)


def secretariat(ctx=None):
    unit = getattr(ctx, "secretariat_unit", None)
    if unit is None:
        unit = Unit.objects.filter(code=SECRETARIAT).first()
        if unit is None:
            raise ActionError(_("The unit %(code)s is not configured; load the organization profile.") % {"code": SECRETARIAT})
        if ctx is not None:
            ctx.secretariat_unit = unit
    return unit


def is_secretariat_clerk_person(person):
    return bool(person.unit_id) and person.unit.code == SECRETARIAT and person.has_role(RoleCode.CLERK)


def secretariat_clerk(ctx):
    return any(is_secretariat_clerk_person(who) for who in ctx.acting.each_identity())


secretariat_clerk.describe = "a clerk of secretariat-1"


def document_of(ctx):
    """The matter's document, read once per transition (the matter row is already locked)."""
    doc = getattr(ctx, "document", None)
    if doc is None:
        doc = ctx.document = Document.objects.select_related("number_prefix").get(matter=ctx.matter)
        doc.matter = ctx.matter
    return doc


# Assignees -----------------------------------------------------------------------------------


def clerks(ctx, payload):
    return [Assignee(unit=secretariat(ctx), role=RoleCode.CLERK)]


def actor(ctx, payload):
    return [ctx.actor]


def person_named(field):
    def to(ctx, payload):
        return [Person.objects.get(username=payload[field])]

    return to


def lead_unit(ctx, payload):
    return [Assignee(unit=ctx.matter.lead_unit)]


def co_units(ctx, payload):
    codes = ctx.matter.data.get("co_units") or []
    return [Assignee(unit=u) for u in Unit.objects.filter(code__in=codes).order_by("code")]


def payload_units(field):
    def to(ctx, payload):
        return [Assignee(unit=u) for u in Unit.objects.filter(code__in=payload.get(field) or []).order_by("code")]

    return to


def creator(ctx, payload):
    return [ctx.matter.creator]


def creator_unit_chief(ctx, payload):
    return [Assignee(unit=ctx.matter.creator_unit, role=RoleCode.CHIEF)]


# Parsing lists typed into one text field -------------------------------------------------------


def split_codes(text):
    return [part for part in (text or "").replace("，", ",").replace(",", " ").split() if part]


def people_from(text, field):
    names = split_codes(text)
    found = {p.username: p for p in Person.objects.filter(username__in=names, is_active=True)}
    missing = [n for n in names if n not in found]
    if missing:
        raise ActionError(_("Please correct the highlighted fields."),
                          fields={field: _("Unknown person(s): %(names)s.") % {"names": ", ".join(missing)}})
    return [found[n] for n in dict.fromkeys(names)]


def organizations_from(codes, field):
    codes = split_codes(codes) if isinstance(codes, str) else list(codes or [])
    found = {o.code: o for o in Organization.objects.filter(code__in=codes, active=True)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ActionError(_("Please correct the highlighted fields."),
                          fields={field: _("Unknown organization(s): %(codes)s.") % {"codes": ", ".join(missing)}})
    return [found[c] for c in dict.fromkeys(codes)]


# Deadlines -----------------------------------------------------------------------------------


def deadline_from(ctx, payload, flow_parameter_value):
    """A date typed by the proposer or leader (end of that day), else the urgency's default length."""
    if payload.get("deadline"):
        day = datetime.date.fromisoformat(payload["deadline"])
        if day < timezone.localdate():
            raise ActionError(_("Please correct the highlighted fields."), fields={"deadline": _("The deadline has passed.")})
        return end_of_day(day), False
    amount, unit = flow_parameter_value[ctx.matter.urgency]
    due = compute_due(timezone.now(), int(amount), unit)
    return due.at, due.provisional


def set_units(matter, lead_code, co_codes):
    matter.lead_unit = Unit.objects.get(code=lead_code)
    co_codes = [c for c in co_codes or [] if c != lead_code]
    matter.co_units.set(Unit.objects.filter(code__in=co_codes))
    matter.data["co_units"] = co_codes


def require_leader(field):
    def guard(ctx, payload):
        person = Person.objects.get(username=payload[field])
        if not person.role_codes() & LEADER_ROLES:
            raise ActionError(_("Please correct the highlighted fields."),
                              fields={field: _("Choose a leader of the office or the city government.")})
        if person.clearance < ctx.matter.classification:
            raise ActionError(_("Please correct the highlighted fields."),
                              fields={field: _("This person lacks the clearance for the document.")})

    return guard


def require_clearance(field):
    def guard(ctx, payload):
        person = Person.objects.get(username=payload[field])
        if person.clearance < ctx.matter.classification:
            raise ActionError(_("Please correct the highlighted fields."),
                              fields={field: _("This person lacks the clearance for the document.")})

    return guard
