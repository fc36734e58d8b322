"""Payload fields a transition asks for: validated once, rendered as a web form and an API schema."""

import datetime
from dataclasses import dataclass, field

from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zhengban.core.errors import ActionError
from zhengban.core.lookups import unit_by_code, units_by_code

KINDS = ("text", "longtext", "date", "datetime", "unit", "units", "person", "choice", "int", "bool")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = "text"
    label_en: str = ""
    label_zh: str = ""
    required: bool = True
    choices: tuple = ()
    max_length: int = 2000
    help_en: str = ""
    help_zh: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown field kind {self.kind!r}")

    @property
    def label(self):
        return self.label_en if (get_language() or "").startswith("en") else (self.label_zh or self.label_en)

    def json_schema(self):
        base = {
            "text": {"type": "string", "maxLength": self.max_length},
            "longtext": {"type": "string", "maxLength": self.max_length},
            "date": {"type": "string", "format": "date"},
            "datetime": {"type": "string", "format": "date-time"},
            "unit": {"type": "string", "description": "unit code"},
            "units": {"type": "array", "items": {"type": "string"}, "description": "unit codes"},
            "person": {"type": "string", "description": "username"},
            "choice": {"type": "string", "enum": [c[0] for c in self.choices]},
            "int": {"type": "integer"},
            "bool": {"type": "boolean"},
        }[self.kind]
        return {**base, "title": self.label_en}


@dataclass(frozen=True)
class Form:
    fields: tuple = field(default_factory=tuple)

    def json_schema(self):
        return {
            "type": "object",
            "properties": {f.name: f.json_schema() for f in self.fields},
            "required": [f.name for f in self.fields if f.required],
            "additionalProperties": False,
        }

    def clean(self, data):
        """Return the validated payload (JSON-ready values) or raise ActionError naming each bad field."""
        from zhengban.core.models import Person

        data = dict(data or {})
        errors, cleaned = {}, {}
        unknown = set(data) - {f.name for f in self.fields}
        for name in sorted(unknown):
            errors[name] = _("Unknown field.")
        for f in self.fields:
            raw = data.get(f.name)
            if isinstance(raw, str):
                raw = raw.strip()
            if raw in (None, "", []):
                if f.required and f.kind != "bool":
                    errors[f.name] = _("This field is required.")
                elif f.kind == "bool":
                    cleaned[f.name] = False
                continue
            try:
                cleaned[f.name] = _clean_value(f, raw, Person)
            except ValueError as exc:
                errors[f.name] = str(exc)
        if errors:
            raise ActionError(_("Please correct the highlighted fields."), fields=errors)
        return cleaned


def _clean_value(f, raw, Person):
    if f.kind in ("text", "longtext"):
        value = str(raw)
        if len(value) > f.max_length:
            raise ValueError(_("At most %(n)d characters.") % {"n": f.max_length})
        return value
    if f.kind == "int":
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise ValueError(_("Enter a whole number.")) from None
    if f.kind == "bool":
        return raw in (True, "true", "on", "1", 1, "yes")
    if f.kind == "date":
        value = raw if isinstance(raw, datetime.date) else parse_date(str(raw))
        if value is None:
            raise ValueError(_("Enter a date as YYYY-MM-DD."))
        return value.isoformat()
    if f.kind == "datetime":
        value = raw if isinstance(raw, datetime.datetime) else parse_datetime(str(raw))
        if value is None:
            raise ValueError(_("Enter a date and time."))
        return value.isoformat()
    if f.kind == "choice":
        if raw not in {c[0] for c in f.choices}:
            raise ValueError(_("Choose one of the offered values."))
        return raw
    if f.kind == "unit":
        if unit_by_code(raw) is None:
            raise ValueError(_("Unknown unit %(code)s.") % {"code": raw})
        return raw
    if f.kind == "units":
        codes = [raw] if isinstance(raw, str) else list(raw)
        found = {unit.code for unit in units_by_code(codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise ValueError(_("Unknown unit(s): %(codes)s.") % {"codes": ", ".join(missing)})
        return list(dict.fromkeys(codes))
    if f.kind == "person":
        if not Person.objects.filter(username=raw, is_active=True).exists():
            raise ValueError(_("Unknown person %(u)s.") % {"u": raw})
        return raw
    raise ValueError(f.kind)
