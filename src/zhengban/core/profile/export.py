"""Writing the organization in the database back out in the profile format.

Fields equal to their default are left out, as a person writing the file would, so exporting,
loading the export into an empty database and exporting again gives the same text.
"""

from zhengban.core.models import DocumentPrefix, OrganizationProfile, Post, PostKind, Quota, Unit

from .schema import FORMAT, ORGANIZATION, SECTIONS
from .yamlio import dump_profile

HEADER = (
    "# zhengban organization profile. Load with `zhengban profile load PATH`;\n"
    "# the fields and their checks are defined in zhengban/core/profile/schema.py.\n"
)


def _entry(fields, values):
    entry = {}
    for f in fields:
        value = values[f.name]
        if f.required or value != f.default:
            entry[f.name] = value
    return entry


def _code(row):
    return row.code if row is not None else None


def _unit_order(unit):
    # Posts and quotas of the office as a whole come first, then by unit as the units are ordered.
    return (-1, "") if unit is None else (unit.sort_order, unit.code)


def organization_spec(organization):
    return {f.name: getattr(organization, f.name) for f in ORGANIZATION}


def unit_spec(unit):
    spec = {f.name: getattr(unit, f.name) for f in SECTIONS["units"] if f.name != "parent"}
    spec["parent"] = _code(unit.parent)
    # PostgreSQL's jsonb does not keep key order; the file always says zh first.
    spec["subject_areas"] = [{"zh": area["zh"], "en": area["en"]} for area in unit.subject_areas]
    return spec


def post_kind_spec(kind):
    return {f.name: getattr(kind, f.name) for f in SECTIONS["post_kinds"]}


def quota_spec(quota):
    spec = {f.name: getattr(quota, f.name) for f in SECTIONS["quotas"] if f.name != "unit"}
    spec["unit"] = _code(quota.unit)
    return spec


def post_spec(post):
    spec = {f.name: getattr(post, f.name) for f in SECTIONS["posts"] if f.name not in ("kind", "unit")}
    spec.update(kind=post.kind.code, unit=_code(post.unit))
    return spec


def prefix_spec(prefix):
    spec = {f.name: getattr(prefix, f.name) for f in SECTIONS["prefixes"] if f.name != "unit"}
    spec["unit"] = _code(prefix.issuer_unit)
    return spec


def profile_data():
    organization = OrganizationProfile.objects.order_by("pk").first()
    data = {"format": FORMAT}
    if organization is not None:
        data["organization"] = _entry(ORGANIZATION, organization_spec(organization))
    units = Unit.objects.select_related("parent").order_by("sort_order", "code")
    data["units"] = [_entry(SECTIONS["units"], unit_spec(unit)) for unit in units]
    kinds = PostKind.objects.order_by("rank", "code")
    data["post_kinds"] = [_entry(SECTIONS["post_kinds"], post_kind_spec(kind)) for kind in kinds]
    quotas = sorted(Quota.objects.select_related("unit"), key=lambda q: (_unit_order(q.unit), q.category))
    data["quotas"] = [_entry(SECTIONS["quotas"], quota_spec(quota)) for quota in quotas]
    posts = sorted(
        Post.objects.select_related("unit", "kind"), key=lambda p: (_unit_order(p.unit), p.kind.rank, p.code)
    )
    data["posts"] = [_entry(SECTIONS["posts"], post_spec(post)) for post in posts]
    prefixes = DocumentPrefix.objects.select_related("issuer_unit").order_by("code")
    data["prefixes"] = [_entry(SECTIONS["prefixes"], prefix_spec(prefix)) for prefix in prefixes]
    return data


def export_profile_text():
    return dump_profile(profile_data(), header=HEADER)
