"""confirm(): a clerk's final choice of lead unit becomes an example routing learns from."""

from django.db import transaction
from django.utils.translation import gettext as _

from zhengban.audit.chain import append_event
from zhengban.core.errors import ActionError, NotAllowed, NotFound
from zhengban.core.models import RoleCode, Unit

from .learning import add_examples
from .models import ConfirmedExample, RoutingState
from .segment import tokens

# Who decides where a matter goes: the registering clerks, the section heads, the office's leaders
# and the officers who take matters in (petitions, duty, supervision).
CONFIRMING_ROLES = (
    RoleCode.CLERK, RoleCode.CHIEF, RoleCode.DEPUTY_CHIEF, RoleCode.DEPUTY_SECRETARY_GENERAL,
    RoleCode.SECRETARY_GENERAL, RoleCode.DUTY_OFFICER, RoleCode.PETITION_OFFICER, RoleCode.SUPERVISION_OFFICER,
)


def may_confirm(person):
    return bool(person and person.is_authenticated and person.is_active and person.has_role(*CONFIRMING_ROLES))


def may_ask(person):
    """Any signed-in member of the office may ask for a recommendation."""
    return bool(person and person.is_authenticated and person.is_active and (person.unit_id or person.is_system_administrator))


def _unit(unit):
    if isinstance(unit, Unit):
        return unit
    found = Unit.objects.filter(code=unit).first()
    if found is None:
        raise NotFound(_("There is no unit %(code)s.") % {"code": unit}, fields={"unit": [_("Unknown unit.")]})
    return found


def _sender(sender):
    from zhengban.documents.models import Organization

    if sender in (None, ""):
        return None
    if isinstance(sender, Organization):
        return sender
    found = Organization.objects.filter(code=sender).first()
    if found is None:
        raise ActionError(_("There is no organization %(code)s.") % {"code": sender}, fields={"sender": [_("Unknown organization.")]})
    return found


def confirm(actor, text, title, sender, unit, *, source_matter=None, recommended_unit=None):
    """Keep (title, text, sender) → unit as a confirmed example; it weighs in from the next recommendation on.

    `sender` is an Organization or its code (or None); `unit` a Unit or its code; `recommended_unit`
    what routing proposed (to count corrections).
    """
    if not may_confirm(actor):
        raise NotAllowed(_("Only a clerk, a section chief or a leader of the office may confirm where a matter goes."))
    if not (text or "").strip() and not (title or "").strip():
        raise ActionError(_("Give the title or the text of the matter."), fields={"text": [_("This field is required.")]})
    unit = _unit(unit)
    sender = _sender(sender)
    recommended = _unit(recommended_unit) if recommended_unit else None
    with transaction.atomic():
        state = RoutingState.current()
        state = RoutingState.objects.select_for_update().get(pk=state.pk)
        example = ConfirmedExample.objects.create(
            title=(title or "")[:500], text=text or "", sender=sender, unit=unit, recommended_unit=recommended,
            tokens=sorted(set(tokens(f"{title}\n{text}"))), source_matter=source_matter, confirmed_by=actor,
        )
        version = add_examples(state, [example])
        append_event(
            example, "routing.confirmed", actor,
            {
                "unit": unit.code, "recommended_unit": recommended.code if recommended else None,
                "sender": sender.code if sender else None, "matter": getattr(source_matter, "pk", None),
                "version": version,
            },
        )
    return example
