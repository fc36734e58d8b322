"""Administrators' verbs on flows' deployment parameters (deadline lengths and the like).

A parameter's default is declared in the flow's code (Flow.parameters); a FlowParameter row
overrides it. Each change is an event in that row's audit chain. Resetting to the default records
the reset in the chain, then removes the row, so the flow follows its declared default again (even
if a later release changes it); setting the parameter again starts a new row and chain.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from zhengban.audit.chain import append_event
from zhengban.core.errors import ActionError, NotAllowed
from zhengban.deadlines.compute import UNITS

from .flow import get_flow
from .models import FlowParameter
from .parameters import clear_cache


def _require_administrator(actor):
    if actor is None or not actor.is_active or not actor.is_system_administrator:
        raise NotAllowed(_("Only a system administrator may change flow parameters."))


def is_deadline(value):
    return isinstance(value, (list, tuple)) and len(value) == 2 and value[1] in UNITS


def declared_default(flow_type, key):
    """The default the flow's code declares for `key`; ActionError naming the key when it declares none."""
    flow = get_flow(flow_type)
    if key not in flow.parameters:
        raise ActionError(
            _("The flow %(flow)s has no parameter %(key)s; it has: %(keys)s.")
            % {"flow": flow_type, "key": key, "keys": ", ".join(sorted(flow.parameters)) or "—"},
            fields={"key": _("Unknown parameter.")},
        )
    return flow.parameters[key]


def clean_value(flow_type, key, value):
    """The value as it will be stored, or ActionError saying what is wrong with it."""
    default = declared_default(flow_type, key)
    if is_deadline(default):
        amount = value[0] if isinstance(value, (list, tuple)) and len(value) == 2 else None
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
            raise ActionError(
                _("A deadline is [amount, unit] with a whole amount above zero."), fields={"value": _("Bad amount.")}
            )
        if value[1] not in UNITS:
            raise ActionError(
                _("The unit of a deadline is one of: %(units)s.") % {"units": ", ".join(UNITS)},
                fields={"value": _("Bad unit.")},
            )
        return [amount, value[1]]
    if type(value) is not type(default):
        raise ActionError(
            _("This parameter takes a value like its default, %(default)s.") % {"default": default},
            fields={"value": _("Wrong kind of value.")},
        )
    return value


def current_value(flow_type, key):
    row = FlowParameter.objects.filter(flow=flow_type, key=key).first()
    return row.value if row else declared_default(flow_type, key)


def do_set_flow_parameter(actor, flow_type, key, value):
    """Set a declared parameter of a flow for this deployment; returns the FlowParameter row."""
    _require_administrator(actor)
    value = clean_value(flow_type, key, value)
    with transaction.atomic():
        row = FlowParameter.objects.select_for_update().filter(flow=flow_type, key=key).first()
        old = row.value if row else declared_default(flow_type, key)
        if row is None:
            row = FlowParameter.objects.create(flow=flow_type, key=key, value=value, updated_by=actor)
        elif old == value:
            return row
        row.value, row.updated_by = value, actor
        append_event(
            row, "flow_parameter.set", actor=actor,
            payload={"flow": flow_type, "key": key, "old": old, "new": value}, save_subject=False,
        )
        row.save()
        transaction.on_commit(clear_cache)
    return row


def do_reset_flow_parameter(actor, flow_type, key):
    """Go back to the flow's declared default; a parameter already at its default is left alone."""
    _require_administrator(actor)
    default = declared_default(flow_type, key)
    with transaction.atomic():
        row = FlowParameter.objects.select_for_update().filter(flow=flow_type, key=key).first()
        if row is None:
            return None
        append_event(
            row, "flow_parameter.reset", actor=actor,
            payload={"flow": flow_type, "key": key, "old": row.value, "new": default},
        )
        row.delete()
        transaction.on_commit(clear_cache)
    return None
