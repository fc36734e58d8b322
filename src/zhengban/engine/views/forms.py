"""Turning a transition's declared fields (engine.fields.Form) into an HTML form and back.

Declared transitions carry their own Form; the generic steps every flow has (return, withdraw,
suspend, …) are described here with the same Field type so one template renders them all.
"""

from django.utils.translation import gettext as _

from zhengban.core.models import Person, Unit

from ..fields import Field, Form


def _field(name, kind, label, required=True, choices=()):
    # Generic fields are labelled through gettext at request time, so both label slots hold it.
    return Field(name, kind, label, label, required=required, choices=tuple(choices))


def return_form(targets):
    return Form((
        _field("to_state", "choice", _("Return to the step"), choices=[(s.name, s.label) for s in targets]),
        _field("reason", "longtext", _("Reason")),
    ))


def reason_form(required):
    return Form((_field("reason", "longtext", _("Reason"), required=required),))


def countersign_form():
    return Form((
        _field("agree", "choice", _("Your opinion"), choices=[("agree", _("Agree")), ("refuse", _("Refuse"))]),
        _field("opinion", "longtext", _("Opinion")),
    ))


def raw_payload(form, post):
    """The submitted values of the form's fields: lists for multi-selects, strings otherwise."""
    payload = {}
    for f in form.fields:
        if f.kind == "units":
            values = [v for v in post.getlist(f.name) if v]
            if values:
                payload[f.name] = values
        elif f.kind == "bool":
            payload[f.name] = f.name in post
        elif f.name in post:
            payload[f.name] = post.get(f.name)
    return payload


class BoundField:
    """What the template needs to draw one field: its input kind, value, options and error."""

    def __init__(self, field, value, error, options):
        self.name = field.name
        self.kind = field.kind
        self.label = field.label
        self.required = field.required and field.kind != "bool"
        self.value = value
        self.error = error
        self.options = options
        self.id = f"field-{field.name}"

    @property
    def selected(self):
        if isinstance(self.value, (list, tuple)):
            return {str(v) for v in self.value}
        return {str(self.value)} if self.value not in (None, "") else set()


def bind(form, values=None, errors=None):
    """BoundFields for `form`, loading unit and person options once whatever the number of fields."""
    values, errors = values or {}, errors or {}
    kinds = {f.kind for f in form.fields}
    units = list(Unit.objects.all()) if kinds & {"unit", "units"} else []
    people = list(Person.objects.filter(is_active=True).select_related("unit")) if "person" in kinds else []
    bound = []
    for f in form.fields:
        if f.kind in ("unit", "units"):
            options = [(u.code, u.name) for u in units]
        elif f.kind == "person":
            options = [(p.username, f"{p.display_name} · {p.unit.name}" if p.unit_id else p.display_name) for p in people]
        elif f.kind == "choice":
            options = list(f.choices)
        else:
            options = []
        error = errors.get(f.name)
        if error in ("required",):
            error = _("This field is required.")
        bound.append(BoundField(f, values.get(f.name, ""), error, options))
    return bound
