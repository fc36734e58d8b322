"""The organization's verbs. Each runs in one transaction and writes one audit event."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengban.audit.chain import append_event

from .errors import ActionError, NotAllowed
from .models import Appointment, Clearance, Delegation, Person, PersonRole, Post, Quota, RoleCode

PERSON_FIELDS = ("full_name", "full_name_en", "email", "phone", "clearance", "language", "is_active")


def require_administrator(actor):
    if actor is None or not actor.is_active or not actor.is_system_administrator:
        raise NotAllowed(_("Only a system administrator may do this."))


def _validated_roles(roles):
    valid = set(RoleCode.values)
    unknown = sorted(set(roles) - valid)
    if unknown:
        raise ActionError(_("Unknown role(s): %(roles)s.") % {"roles": ", ".join(unknown)}, fields={"roles": unknown})
    return sorted(set(roles))


def _validated_clearance(value):
    if value not in Clearance.values:
        raise ActionError(_("Clearance must be one of 0 (none), 1 (秘密), 2 (机密), 3 (绝密)."), fields={"clearance": value})
    return value


def _set_roles(person, roles):
    PersonRole.objects.filter(person=person).exclude(role__in=roles).delete()
    existing = set(PersonRole.objects.filter(person=person).values_list("role", flat=True))
    PersonRole.objects.bulk_create([PersonRole(person=person, role=r) for r in roles if r not in existing])
    person.__dict__.pop("_role_codes", None)


def do_create_person(
    actor, *, username, full_name, unit=None, roles=(), password=None, password_hash=None, system=False, **fields
):
    """Create a person; `system=True` is for the profile loader and demo data, which act as no one.

    `password_hash` (system only) keeps an already hashed password, e.g. one hash shared by the demo cast.
    """
    if not system:
        require_administrator(actor)
    if password_hash and not system:
        raise NotAllowed(_("Only the system may set a password hash directly."))
    username = (username or "").strip()
    if not username:
        raise ActionError(_("A username is required."), fields={"username": "required"})
    if not (full_name or "").strip():
        raise ActionError(_("A name is required."), fields={"full_name": "required"})
    roles = _validated_roles(roles)
    _validated_clearance(fields.get("clearance", Clearance.NONE))
    unknown = set(fields) - set(PERSON_FIELDS) - {"is_staff", "is_superuser", "is_sample"}
    if unknown:
        raise ActionError(_("Unknown field(s): %(f)s.") % {"f": ", ".join(sorted(unknown))})
    if password:
        try:
            validate_password(password, Person(username=username, full_name=full_name))
        except ValidationError as exc:
            raise ActionError(" ".join(exc.messages), fields={"password": exc.messages}) from exc
    with transaction.atomic():
        if Person.objects.filter(username=username).exists():
            raise ActionError(_("The username %(u)s is taken.") % {"u": username}, code="duplicate")
        person = Person(username=username, full_name=full_name.strip(), unit=unit, **fields)
        if password_hash:
            person.password = password_hash
        elif password:
            person.set_password(password)
        else:
            person.set_unusable_password()
        person.save()
        _set_roles(person, roles)
        append_event(
            person,
            "person.created",
            actor=None if system else actor,
            payload={"username": username, "unit": unit.code if unit else None, "roles": roles, **_plain(fields)},
        )
    return person


def _plain(fields):
    return {k: v for k, v in fields.items() if k in PERSON_FIELDS}


def do_update_person(actor, person, *, roles=None, unit=None, unit_given=False, **fields):
    require_administrator(actor)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ActionError(_("Unknown field(s): %(f)s.") % {"f": ", ".join(sorted(unknown))})
    if "clearance" in fields:
        _validated_clearance(fields["clearance"])
    if roles is not None:
        roles = _validated_roles(roles)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        changes = {}
        for name, value in fields.items():
            if getattr(person, name) != value:
                changes[name] = [getattr(person, name), value]
                setattr(person, name, value)
        if unit_given and person.unit_id != (unit.pk if unit else None):
            changes["unit"] = [person.unit.code if person.unit else None, unit.code if unit else None]
            person.unit = unit
        if roles is not None and sorted(person.role_codes()) != roles:
            changes["roles"] = [sorted(person.role_codes()), roles]
            _set_roles(person, roles)
        if not changes:
            return person
        person.save()
        append_event(person, "person.updated", actor=actor, payload={"changes": changes})
    return person


def do_set_password(actor, person, new_password, *, old_password=None):
    """A person changes their own password (old one required), or an administrator resets it."""
    own = actor.pk == person.pk
    if not own:
        require_administrator(actor)
    elif not person.check_password(old_password or ""):
        raise ActionError(_("The current password is not correct."), fields={"old_password": "wrong"})
    try:
        validate_password(new_password, person)
    except ValidationError as exc:
        raise ActionError(" ".join(exc.messages), fields={"password": exc.messages}) from exc
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        person.set_password(new_password)
        person.save(update_fields=["password"])
        append_event(person, "person.password_changed" if own else "person.password_reset", actor=actor)
    return person


def governing_quota(unit, category):
    """The quota a post of `category` in `unit` counts against, or None (no limit is known).

    A unit with quota rows of its own is a separate establishment; every other unit, and the posts
    that hang on no unit, share the office-wide pool (quota rows without a unit).
    """
    if unit is not None and Quota.objects.filter(unit=unit).exists():
        return Quota.objects.filter(unit=unit, category=category).first()
    return Quota.objects.filter(unit__isnull=True, category=category).first()


def quota_used(quota, on=None):
    """Current appointments counted against `quota`, including categories counted within it."""
    scope = Quota.objects.filter(unit=quota.unit) if quota.unit_id else Quota.objects.filter(unit__isnull=True)
    categories = {quota.category, *scope.filter(within=quota.category).values_list("category", flat=True)}
    appointments = Appointment.objects.current(on).filter(post__quota_category__in=categories)
    if quota.unit_id:
        return appointments.filter(post__unit=quota.unit).count()
    separate = Quota.objects.filter(unit__isnull=False).values("unit")
    return appointments.filter(Q(post__unit__isnull=True) | ~Q(post__unit__in=separate)).count()


def quota_usage(unit, category, on=None):
    """(places used, places authorized) of the quota governing `category` in `unit`; None = no limit."""
    quota = governing_quota(unit, category)
    if quota is None:
        return 0, None
    return quota_used(quota, on), quota.authorized


def _quota_shortfalls(post, on):
    """Why the post's quotas (its own category and the one it is counted within) have no free place."""
    shortfalls = []
    quota = governing_quota(post.unit, post.quota_category)
    checked = set()
    while quota is not None and quota.pk not in checked:
        checked.add(quota.pk)
        # Two appointments in one pool must queue, or both could take its last place.
        list(Quota.objects.select_for_update().filter(pk=quota.pk).order_by().values_list("pk"))
        if quota.authorized is not None:
            used = quota_used(quota, on)
            if used >= quota.authorized:
                shortfalls.append(
                    _("%(unit)s has %(used)d of %(auth)d %(cat)s places filled")
                    % {
                        "unit": quota.unit.name if quota.unit_id else _("the office"),
                        "used": used,
                        "auth": quota.authorized,
                        "cat": quota.get_category_display(),
                    }
                )
        quota = governing_quota(post.unit, quota.within) if quota.within else None
    return shortfalls


def do_appoint(actor, person, post, *, start=None, override_reason="", system=False):
    """Appoint a person to a post; beyond the quota only with an administrator's recorded reason."""
    if not system:
        require_administrator(actor)
    start = start or timezone.localdate()
    with transaction.atomic():
        post = Post.objects.select_for_update(of=("self",)).select_related("unit").get(pk=post.pk)
        if Appointment.objects.current(start).filter(person=person, post=post).exists():
            raise ActionError(_("%(p)s already holds this post.") % {"p": person.display_name}, code="duplicate")
        holders = Appointment.objects.current(start).filter(post=post).count()
        over = []
        if holders >= post.seats:
            over.append(_("the post has %(n)d seat(s), all filled") % {"n": post.seats})
        over.extend(_quota_shortfalls(post, start))
        override_reason = (override_reason or "").strip()
        if over and not override_reason:
            raise ActionError(
                _("Appointment refused: %(why)s. An administrator may record an override with a reason.")
                % {"why": "; ".join(over)},
                code="over_quota",
            )
        appointment = Appointment.objects.create(
            person=person,
            post=post,
            start=start,
            override_reason=override_reason if over else "",
            override_by=actor if over else None,
        )
        append_event(
            post,
            "post.appointed",
            actor=None if system else actor,
            payload={
                "person": person.username,
                "start": start,
                "over_quota": over,
                "override_reason": override_reason if over else "",
            },
        )
    return appointment


def do_end_appointment(actor, appointment, *, end=None):
    require_administrator(actor)
    end = end or timezone.localdate()
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=appointment.post_id)
        appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if appointment.end and appointment.end <= end:
            raise ActionError(_("This appointment has already ended."))
        appointment.end = end
        appointment.save(update_fields=["end"])
        append_event(post, "post.appointment_ended", actor=actor, payload={"person": appointment.person.username, "end": end})
    return appointment


def do_delegate(actor, principal, delegate, *, start, end, reason):
    """Let `delegate` act for `principal` between start and end (the principal or an administrator)."""
    if actor.pk != principal.pk:
        require_administrator(actor)
    if not (reason or "").strip():
        raise ActionError(_("A delegation needs a reason."), fields={"reason": "required"})
    if end <= start:
        raise ActionError(_("A delegation must end after it starts."), fields={"end": "before start"})
    if principal.pk == delegate.pk:
        raise ActionError(_("A person cannot delegate to themselves."))
    with transaction.atomic():
        principal = Person.objects.select_for_update().get(pk=principal.pk)
        if Delegation.objects.filter(principal=principal, revoked_at__isnull=True, start__lt=end, end__gt=start).exists():
            raise ActionError(_("%(p)s already has a delegation in that period.") % {"p": principal.display_name})
        delegation = Delegation.objects.create(
            principal=principal, delegate=delegate, start=start, end=end, reason=reason.strip(), created_by=actor
        )
        append_event(
            principal,
            "person.delegated",
            actor=actor,
            payload={"delegate": delegate.username, "start": start, "end": end, "reason": reason.strip()},
        )
    return delegation


def principals_for(person, at=None):
    """The people `person` may currently act for, besides themselves."""
    return Person.objects.filter(
        pk__in=Delegation.objects.active(at).filter(delegate=person).values("principal")
    )
