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


def profile_data():
    organization = OrganizationProfile.objects.order_by("pk").first()
    data = {"format": FORMAT}
    if organization is not None:
        data["organization"] = _entry(ORGANIZATION, {f.name: getattr(organization, f.name) for f in ORGANIZATION})
    units = Unit.objects.select_related("parent").order_by("sort_order", "code")
    data["units"] = [
        _entry(
            SECTIONS["units"],
            {
                **{f.name: getattr(unit, f.name) for f in SECTIONS["units"] if f.name != "parent"},
                "parent": _code(unit.parent),
                # PostgreSQL's jsonb does not keep key order; the file always says zh first.
                "subject_areas": [{"zh": area["zh"], "en": area["en"]} for area in unit.subject_areas],
            },
        )
        for unit in units
    ]
    data["post_kinds"] = [
        _entry(SECTIONS["post_kinds"], {f.name: getattr(kind, f.name) for f in SECTIONS["post_kinds"]})
        for kind in PostKind.objects.order_by("rank", "code")
    ]
    quotas = sorted(Quota.objects.select_related("unit"), key=lambda q: (_unit_order(q.unit), q.category))
    data["quotas"] = [
        _entry(
            SECTIONS["quotas"],
            {
                **{f.name: getattr(quota, f.name) for f in SECTIONS["quotas"] if f.name != "unit"},
                "unit": _code(quota.unit),
            },
        )
        for quota in quotas
    ]
    posts = sorted(
        Post.objects.select_related("unit", "kind"), key=lambda p: (_unit_order(p.unit), p.kind.rank, p.code)
    )
    data["posts"] = [
        _entry(
            SECTIONS["posts"],
            {
                **{f.name: getattr(post, f.name) for f in SECTIONS["posts"] if f.name not in ("kind", "unit")},
                "kind": post.kind.code,
                "unit": _code(post.unit),
            },
        )
        for post in posts
    ]
    data["prefixes"] = [
        _entry(
            SECTIONS["prefixes"],
            {
                **{f.name: getattr(prefix, f.name) for f in SECTIONS["prefixes"] if f.name != "unit"},
                "unit": _code(prefix.issuer_unit),
            },
        )
        for prefix in DocumentPrefix.objects.select_related("issuer_unit").order_by("code")
    ]
    return data


def export_profile_text():
    return dump_profile(profile_data(), header=HEADER)
