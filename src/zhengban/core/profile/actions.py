"""Verbs that write the organization from profile data: each creates or updates one row and audits it.

Saving a row whose fields already match writes nothing and no event, so loading a profile twice
changes nothing.
"""

from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengban.audit.chain import append_event
from zhengban.core.actions import require_administrator
from zhengban.core.errors import ActionError, NotFound
from zhengban.core.models import DocumentPrefix, OrganizationProfile, Post, PostKind, Quota, Unit

from .schema import ORGANIZATION, SECTIONS

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def _plain(value):
    """A JSON-friendly form of a field value; related rows are named by their code."""
    if hasattr(value, "code"):
        return value.code
    return value


def _save(model, lookup, values, *, noun, actor):
    row = model.objects.select_for_update().filter(**lookup).order_by("pk").first()
    if row is None:
        row = model(**lookup, **values)
        row.save()
        payload = {name: _plain(value) for name, value in {**lookup, **values}.items()}
        append_event(row, f"{noun}.created", actor=actor, payload=payload)
        return row, CREATED
    changes = {}
    for name, value in values.items():
        old = getattr(row, name)
        if _plain(old) != _plain(value):
            changes[name] = [_plain(old), _plain(value)]
            setattr(row, name, value)
    if not changes:
        return row, UNCHANGED
    row.save(update_fields=list(changes))
    append_event(row, f"{noun}.updated", actor=actor, payload={"changes": changes})
    return row, UPDATED


def _unit(code):
    if code is None:
        return None
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise NotFound(_("There is no unit with the code %(code)s.") % {"code": code})
    return unit


def check_spec(section, spec):
    """Apply the profile file's field checks to a spec from any caller (file, admin, API)."""
    fields = ORGANIZATION if section == "organization" else SECTIONS[section]
    problems = {}
    for f in fields:
        if f.name not in spec:
            if f.required:
                problems[f.name] = "missing"
            continue
        problem = f.check(spec[f.name])
        if problem:
            problems[f.name] = problem
    if problems:
        detail = "; ".join(f"{name} {problem}" for name, problem in problems.items())
        raise ActionError(_("Invalid %(what)s: %(detail)s.") % {"what": section, "detail": detail}, fields=problems)
    return spec


def _permitted(actor, system):
    if not system:
        require_administrator(actor)
    return None if system else actor


def do_save_organization(actor, spec, *, system=False):
    """Create or update the organization; a deployment holds one, so another code is refused."""
    actor = _permitted(actor, system)
    check_spec("organization", spec)
    with transaction.atomic():
        other = OrganizationProfile.objects.exclude(code=spec["code"]).first()
        if other is not None:
            raise ActionError(
                _("This database already holds the organization %(code)s; load profiles of that organization only.")
                % {"code": other.code},
                code="other_organization",
            )
        values = {k: v for k, v in spec.items() if k != "code"}
        return _save(OrganizationProfile, {"code": spec["code"]}, values, noun="organization", actor=actor)


def do_save_post_kind(actor, spec, *, system=False):
    actor = _permitted(actor, system)
    check_spec("post_kinds", spec)
    with transaction.atomic():
        values = {k: v for k, v in spec.items() if k != "code"}
        return _save(PostKind, {"code": spec["code"]}, values, noun="post_kind", actor=actor)


def do_save_unit(actor, spec, *, system=False):
    actor = _permitted(actor, system)
    check_spec("units", spec)
    with transaction.atomic():
        values = {k: v for k, v in spec.items() if k != "code"}
        values["parent"] = _unit(spec["parent"])
        return _save(Unit, {"code": spec["code"]}, values, noun="unit", actor=actor)


def do_save_quota(actor, spec, *, system=False):
    actor = _permitted(actor, system)
    check_spec("quotas", spec)
    if spec["authorized"] is None and not spec["authorized_as_given"]:
        raise ActionError(_("A quota needs an authorized number, or the figure as given in the source."))
    with transaction.atomic():
        lookup = {"unit": _unit(spec["unit"]), "category": spec["category"]}
        values = {k: v for k, v in spec.items() if k not in ("unit", "category")}
        return _save(Quota, lookup, values, noun="quota", actor=actor)


def do_save_post(actor, spec, *, system=False):
    actor = _permitted(actor, system)
    check_spec("posts", spec)
    with transaction.atomic():
        kind = PostKind.objects.filter(code=spec["kind"]).first()
        if kind is None:
            raise NotFound(_("There is no post kind with the code %(code)s.") % {"code": spec["kind"]})
        values = {k: v for k, v in spec.items() if k != "code"}
        values.update(kind=kind, unit=_unit(spec["unit"]))
        return _save(Post, {"code": spec["code"]}, values, noun="post", actor=actor)


def do_save_prefix(actor, spec, *, system=False):
    actor = _permitted(actor, system)
    check_spec("prefixes", spec)
    with transaction.atomic():
        values = {k: v for k, v in spec.items() if k not in ("code", "unit")}
        values["issuer_unit"] = _unit(spec["unit"])
        return _save(DocumentPrefix, {"code": spec["code"]}, values, noun="prefix", actor=actor)


def parents_first(units):
    """Units ordered so that each comes after its parent (the validator has ruled out cycles)."""
    by_code = {unit["code"]: unit for unit in units}
    ordered, placed = [], set()

    def place(unit):
        if unit["code"] in placed:
            return
        if unit["parent"] in by_code:
            place(by_code[unit["parent"]])
        placed.add(unit["code"])
        ordered.append(unit)

    for unit in units:
        place(unit)
    return ordered


STEPS = (
    ("post_kinds", do_save_post_kind),
    ("units", do_save_unit),
    ("quotas", do_save_quota),
    ("posts", do_save_post),
    ("prefixes", do_save_prefix),
)


def do_load_profile(actor, profile, *, system=False, progress=None):
    """Write a validated profile in one transaction; return {step: Counter of created/updated/unchanged}."""
    audit_actor = _permitted(actor, system)
    summary = {}
    with transaction.atomic():
        organization, outcome = do_save_organization(actor, profile["organization"], system=system)
        summary["organization"] = Counter({outcome: 1})
        if progress:
            progress("organization", summary["organization"])
        for step, save in STEPS:
            items = parents_first(profile[step]) if step == "units" else profile[step]
            counts = Counter({CREATED: 0, UPDATED: 0, UNCHANGED: 0})
            for item in items:
                counts[save(actor, item, system=system)[1]] += 1
            summary[step] = counts
            if progress:
                progress(step, counts)
        changed = {step: dict(counts) for step, counts in summary.items() if counts[CREATED] or counts[UPDATED]}
        if changed:
            organization = OrganizationProfile.objects.select_for_update().get(pk=organization.pk)
            organization.loaded_at = timezone.now()
            organization.save(update_fields=["loaded_at"])
            append_event(organization, "organization.profile_loaded", actor=audit_actor, payload={"changed": changed})
    return summary
