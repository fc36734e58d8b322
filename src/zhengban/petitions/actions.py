"""Petition verbs besides the flow's transitions: registering (by staff or the public online form)
and the petitioner's own rating through the query code."""

import datetime
import re
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from zhengban.attachments.actions import do_attach
from zhengban.audit.chain import append_event
from zhengban.core.actions import do_create_person
from zhengban.core.errors import ActionError, NotAllowed, NotFound
from zhengban.core.models import Person, RoleCode, Unit
from zhengban.engine.actions import MATTER_FIELDS, do_open_matter, do_transition, lock_matter
from zhengban.engine.models import LinkKind, MatterLink, Task
from zhengban.engine.parameters import flow_parameter
from zhengban.numbering.numbers import assign_number

from .flows import FLOW, TYPE
from .models import Category, Channel, Petition, Petitioner, Place, Rating, Visit
from .ratelimit import spend
from .repeats import earlier_petitions

QUERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read over the phone
QUERY_CODE_LENGTH = 12
ID_NUMBER = re.compile(r"^\d{17}[\dX]$")
INTAKE_USERNAME = "online-petitions"
TITLE_LENGTH = 40


def new_query_code():
    return "".join(secrets.choice(QUERY_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def intake_unit():
    code = flow_parameter(FLOW, "intake_unit")
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise ActionError(_("The unit receiving petitions (%(code)s) does not exist; ask an administrator.") % {"code": code})
    return unit


def intake_person():
    """The system account online petitions are registered under; it cannot log in."""
    person = Person.objects.filter(username=INTAKE_USERNAME).first()
    if person is None:
        person = do_create_person(None, username=INTAKE_USERNAME, full_name="网上信访（系统）", unit=intake_unit(),
                                  system=True, is_active=False)
    return person


def may_register(actor):
    return actor.has_role(RoleCode.PETITION_OFFICER) or (
        actor.unit_id is not None and actor.unit.code == flow_parameter(FLOW, "intake_unit")
    )


def _clean_petitioners(petitioners):
    cleaned, errors = [], {}
    for index, given in enumerate(petitioners or []):
        row = {k: str(given.get(k, "") or "").strip() for k in ("name", "id_number", "phone", "address")}
        row["id_number"] = row["id_number"].upper()
        if not row["name"]:
            errors[f"petitioners.{index}.name"] = _("This field is required.")
        if row["id_number"] and not ID_NUMBER.match(row["id_number"]):
            errors[f"petitioners.{index}.id_number"] = _("An ID number has 18 characters: 17 digits and a digit or X.")
        cleaned.append(row)
    if not cleaned:
        errors["petitioners"] = _("Name at least one petitioner.")
    return cleaned, errors


def _clean_visit(visit):
    visit = visit or {}
    errors = {}
    arrived = visit.get("arrived_at")
    if isinstance(arrived, str):
        arrived = parse_datetime(arrived)
        if arrived is not None and timezone.is_naive(arrived):
            arrived = timezone.make_aware(arrived)
    if not isinstance(arrived, datetime.datetime):
        errors["visit.arrived_at"] = _("Enter a date and time.")
    try:
        visitors = int(visit.get("visitors") or 0)
    except (TypeError, ValueError):
        visitors = 0
    if visitors < 1:
        errors["visit.visitors"] = _("At least one visitor.")
    officer = visit.get("reception_officer")
    if isinstance(officer, str):
        officer = Person.objects.filter(username=officer, is_active=True).first()
    if not isinstance(officer, Person):
        errors["visit.reception_officer"] = _("Unknown person.")
    return {"arrived_at": arrived, "visitors": visitors, "reception_officer": officer}, errors


def do_register_petition(actor, *, channel, category, place, text, petitioners, title="", against_officials=False,
                         visit=None, files=()):
    """Register a petition (登记): a matter in `registered` with its 15-day decision clock.

    A repeat (same person, similar text) is linked to the earlier petition and flagged; one whose
    earlier petition was concluded after a second review (复核) is registered as not accepted.
    """
    if not may_register(actor):
        raise NotAllowed(_("Only petition officers register petitions."))
    text = (text or "").strip()
    errors = {}
    if channel not in Channel.values:
        errors["channel"] = _("Choose one of the offered values.")
    if category not in Category.values:
        errors["category"] = _("Choose one of the offered values.")
    if place not in Place.values:
        errors["place"] = _("Choose one of the offered values.")
    if not text:
        errors["text"] = _("This field is required.")
    if against_officials and category != Category.ACCUSATION:
        errors["against_officials"] = _("Only an accusation is against officials.")
    people, people_errors = _clean_petitioners(petitioners)
    errors.update(people_errors)
    register_visit = None
    if channel == Channel.VISIT:
        register_visit, visit_errors = _clean_visit(visit)
        errors.update(visit_errors)
    if errors:
        raise ActionError(_("Please correct the highlighted fields."), fields=errors)
    earlier = earlier_petitions(people, text, FLOW)
    concluded = next((p for p in earlier if p.matter.state == "final"), None)
    with transaction.atomic():
        matter = do_open_matter(actor, TYPE, title=(title or "").strip() or _short(text), body=text,
                                data={"channel": channel})
        now = timezone.localtime(matter.opened_at)
        matter.number = f"衡信〔{now.year}〕{assign_number('petition', now.year)}号"
        type(matter).objects.filter(pk=matter.pk).update(number=matter.number)
        if actor.username == INTAKE_USERNAME:
            # Online petitions wait for the whole receiving unit, not for the system account.
            Task.objects.filter(matter=matter).update(assignee_person=None, assignee_unit=actor.unit_id)
        repeat_of = concluded or (earlier[0] if earlier else None)
        petition = Petition.objects.create(
            matter=matter, channel=channel, category=category, place=place,
            against_officials=bool(against_officials), query_code=new_query_code(),
            is_repeat=repeat_of is not None, repeat_of=repeat_of,
        )
        Petitioner.objects.bulk_create([Petitioner(petition=petition, **row) for row in people])
        if register_visit:
            Visit.objects.create(petition=petition, **register_visit)
        if repeat_of is not None:
            MatterLink.objects.create(source=matter, target_id=repeat_of.pk, kind=LinkKind.DUPLICATE_OF, created_by=actor)
        append_event(matter, "petition.registered", actor=actor, payload={
            "number": matter.number, "channel": channel, "category": category, "place": place,
            "petitioners": len(people), "repeat_of": repeat_of.pk if repeat_of else None,
        })
        if concluded is not None:
            do_transition(actor, matter, "not_accept", {"reason": _(
                "The same facts and reasons were concluded after a second review (复核) in petition %(number)s; "
                "under the Regulations on Letters and Visits they are not accepted again."
            ) % {"number": concluded.matter.number}})
        for uploaded in files:
            do_attach(actor, matter, uploaded)
    return Petition.objects.select_related("matter").get(pk=petition.pk)


def _short(text):
    line = text.splitlines()[0].strip()
    return line if len(line) <= TITLE_LENGTH else line[:TITLE_LENGTH] + "…"


def do_submit_online_petition(ip, *, name, phone, category, place, text, id_number="", address="", files=()):
    """The public online form: no login, limited per IP address and per phone number per hour."""
    phone = (phone or "").strip()
    if not phone:
        raise ActionError(_("Please correct the highlighted fields."), fields={"phone": _("This field is required.")})
    spend([f"submit-ip:{ip}", f"submit-contact:{phone}"], int(flow_parameter(FLOW, "public_submissions_per_hour")))
    return do_register_petition(
        intake_person(), channel=Channel.ONLINE, category=category, place=place, text=text,
        petitioners=[{"name": name, "phone": phone, "id_number": id_number, "address": address}], files=files,
    )


def petition_by_code(ip, code):
    """The petition with this query code (one rate-limited look-up), or NotFound that says no more."""
    spend([f"query-ip:{ip}"], int(flow_parameter(FLOW, "public_queries_per_hour")))
    code = (code or "").strip().upper()
    petition = Petition.objects.select_related("matter", "receiving_body").filter(query_code=code).first() if code else None
    if petition is None:
        raise NotFound(_("No petition has this query code."))
    return petition


def do_rate_by_code(ip, code, rating):
    """The petitioner rates the reply themselves (满意 / 基本满意 / 不满意) with their query code."""
    if rating not in Rating.values:
        raise ActionError(_("Please correct the highlighted fields."), fields={"rating": _("Choose one of the offered values.")})
    petition = petition_by_code(ip, code)
    with transaction.atomic():
        matter = lock_matter(petition.pk)
        petition = Petition.objects.select_for_update().get(pk=matter.pk)
        if matter.state != "replied" or matter.paused_at:
            raise ActionError(_("The handling can be rated once the reply has been given."), code="not_replied")
        if petition.rating:
            raise ActionError(_("The petitioner has already rated the handling."), code="rated")
        now = timezone.now()
        Petition.objects.filter(pk=petition.pk).update(rating=rating, rated_at=now)
        matter.version += 1
        append_event(matter, "petition.rated", actor=None, payload={"rating": rating, "by": "petitioner"},
                     save_subject=False, at=now)
        matter.save(update_fields=MATTER_FIELDS)
    petition.rating, petition.rated_at = rating, now
    return petition
