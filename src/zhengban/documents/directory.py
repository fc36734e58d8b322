"""The directory of organizations (来文单位 / 主送、抄送机关): a shipped data file, loaded idempotently."""

from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from zhengban.core.models import Unit

from .models import Organization, OrganizationKind

DIRECTORY_FILE = Path(__file__).parent / "data" / "organizations.yaml"
FIELDS = ("name_zh", "name_en", "short_name_zh", "kind", "is_higher_level")


class DirectoryError(ValueError):
    """The directory file is malformed; the message names the entry."""


def read_directory(path=DIRECTORY_FILE):
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    entries = data.get("organizations")
    if not isinstance(entries, list):
        raise DirectoryError(_("%(path)s: no list of organizations.") % {"path": path})
    seen = set()
    for index, entry in enumerate(entries, start=1):
        code = entry.get("code")
        if not code or code in seen:
            raise DirectoryError(_("%(path)s: entry %(n)d has a missing or repeated code.") % {"path": path, "n": index})
        seen.add(code)
        if not entry.get("name_zh"):
            raise DirectoryError(_("%(path)s: %(code)s has no Chinese name.") % {"path": path, "code": code})
        if entry.get("kind") not in OrganizationKind.values:
            raise DirectoryError(_("%(path)s: %(code)s has an unknown kind.") % {"path": path, "code": code})
    return entries


def load_directory(path=DIRECTORY_FILE):
    """Create or update every organization of the file. Returns (created, updated).

    The handling unit is linked when the organization profile is loaded; loading the directory
    before the profile leaves it empty, and loading again afterwards fills it in.
    """
    entries = read_directory(path)
    units = {unit.code: unit for unit in Unit.objects.all()}
    if units:
        unknown = sorted({e["handling_unit"] for e in entries if e.get("handling_unit") and e["handling_unit"] not in units})
        if unknown:
            raise DirectoryError(_("%(path)s: unknown handling units: %(codes)s.") % {"path": path, "codes": ", ".join(unknown)})
    existing = {org.code: org for org in Organization.objects.all()}
    created = updated = 0
    with transaction.atomic():
        for order, entry in enumerate(entries, start=1):
            values = {name: entry.get(name, "" if name != "is_higher_level" else False) for name in FIELDS}
            values["handling_unit"] = units.get(entry.get("handling_unit"))
            values["sort_order"] = order
            org = existing.get(entry["code"])
            if org is None:
                Organization.objects.create(code=entry["code"], **values)
                created += 1
                continue
            changed = {k: v for k, v in values.items() if getattr(org, k) != v}
            if changed:
                for key, value in changed.items():
                    setattr(org, key, value)
                org.save(update_fields=list(changed))
                updated += 1
    return created, updated
