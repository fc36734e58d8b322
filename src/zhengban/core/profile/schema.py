"""What a profile file holds: its sections, each entry's fields, their checks and defaults.

The field order here is the order the exporter writes, so an exported file reads like the shipped one.
"""

import re
import string
from dataclasses import dataclass

from zhengban.core.models import QuotaCategory, RoleCode, UnitKind

FORMAT = "zhengban-profile/1"
CODE_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PATTERN_FIELDS = {"prefix", "year", "n"}
REQUIRED = object()


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def check_text(value):
    if not isinstance(value, str) or not value.strip():
        return "must be non-empty text"
    return None


def check_optional_text(value):
    return None if isinstance(value, str) else "must be text"


def check_code(value):
    if not isinstance(value, str) or not CODE_RE.match(value):
        return "must be a code of lower-case letters, digits and single hyphens, e.g. economic-affairs"
    return None


def check_reference(value):
    return None if value is None else check_code(value)


def check_int_at_least(minimum):
    def check(value):
        if not is_int(value) or value < minimum:
            return f"must be a whole number of at least {minimum}"
        return None

    return check


def check_quota_number(value):
    if value is None:
        return None
    if not is_int(value) or value < 0:
        return f"must be a whole number of at least 0, or null when the figure is unknown (got {value!r})"
    return None


def check_choice(values, allow_blank=False):
    allowed = sorted(values)

    def check(value):
        if allow_blank and value == "":
            return None
        if value not in values:
            return f"unknown value {value!r}; one of: {', '.join(allowed)}"
        return None

    return check


def check_words(value):
    if not isinstance(value, list) or not all(isinstance(word, str) and word.strip() for word in value):
        return "must be a list of non-empty words"
    repeated = sorted({word for word in value if value.count(word) > 1})
    if repeated:
        return f"lists {', '.join(repeated)} more than once"
    return None


def check_subject_areas(value):
    if not isinstance(value, list):
        return "must be a list of {zh: …, en: …} pairs"
    for index, area in enumerate(value):
        if not isinstance(area, dict) or set(area) != {"zh", "en"} or check_text(area["zh"]) or check_text(area["en"]):
            return f"item {index} must be a pair {{zh: …, en: …}} of non-empty text"
    return None


def check_pattern(value):
    if not isinstance(value, str):
        return "must be text"
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError as exc:
        return f"is not a valid pattern ({exc})"
    unknown = names - PATTERN_FIELDS
    if unknown:
        return f"uses unknown field(s) {', '.join('{' + n + '}' for n in sorted(unknown))}; allowed: {{prefix}}, {{year}}, {{n}}"
    missing = {"n", "year"} - names
    if missing:
        return f"must contain {' and '.join('{' + n + '}' for n in sorted(missing))}, e.g. {{prefix}}〔{{year}}〕{{n}}号"
    return None


@dataclass(frozen=True)
class Field:
    name: str
    check: object
    default: object = REQUIRED
    reference: str = ""  # the section whose codes this field names

    @property
    def required(self):
        return self.default is REQUIRED


def text(name, default=REQUIRED):
    return Field(name, check_text if default is REQUIRED else check_optional_text, default)


ORGANIZATION = (
    Field("code", check_code),
    text("name_zh"),
    text("name_en"),
    text("government_name_zh", ""),
    text("government_name_en", ""),
    text("city_zh"),
    text("city_en"),
    text("source", ""),
    text("notes", ""),
)

SECTIONS = {
    "units": (
        Field("code", check_code),
        text("name_zh"),
        text("name_en"),
        Field("kind", check_choice(set(UnitKind.values))),
        Field("parent", check_reference, None, reference="units"),
        Field("sort_order", check_int_at_least(0), 0),
        text("responsibilities_zh", ""),
        text("responsibilities_en", ""),
        Field("subject_areas", check_subject_areas, []),
        Field("routing_words_zh", check_words, []),
        Field("routing_words_en", check_words, []),
        text("note", ""),
    ),
    "post_kinds": (
        Field("code", check_code),
        text("name_zh"),
        text("name_en"),
        Field("rank", check_int_at_least(0), 100),
        Field("role", check_choice(set(RoleCode.values), allow_blank=True), ""),
    ),
    "quotas": (
        Field("unit", check_reference, None, reference="units"),
        Field("category", check_choice(set(QuotaCategory.values))),
        Field("within", check_choice(set(QuotaCategory.values), allow_blank=True), ""),
        Field("authorized", check_quota_number, None),
        text("authorized_as_given", ""),
        text("note", ""),
    ),
    "posts": (
        Field("code", check_code),
        text("name_zh"),
        text("name_en"),
        Field("kind", check_code, reference="post_kinds"),
        Field("unit", check_reference, None, reference="units"),
        Field("quota_category", check_choice(set(QuotaCategory.values))),
        Field("seats", check_int_at_least(1), 1),
        text("note", ""),
    ),
    "prefixes": (
        Field("code", check_code),
        text("name_zh"),
        text("name_en"),
        text("prefix"),
        Field("pattern", check_pattern, "{prefix}〔{year}〕{n}号"),
        Field("unit", check_reference, None, reference="units"),
        text("note", ""),
    ),
}

TOP_LEVEL = ("format", "organization", *SECTIONS)
REQUIRED_SECTIONS = {"format", "organization", "units"}
