"""Checking a whole profile before anything is written: every problem, with file, line and entry."""

import copy

from .schema import FORMAT, ORGANIZATION, REQUIRED_SECTIONS, SECTIONS, TOP_LEVEL
from .yamlio import ProfileError


class _Report:
    def __init__(self, document):
        self.document = document
        self.errors = list(document.errors)

    def add(self, path, entry, message):
        self.errors.append(ProfileError(self.document.name, self.document.line_of(*path), entry, message))


def entry_label(section, index, item):
    if section == "organization":
        return "organization"
    label = f"{section}[{index}]"
    if isinstance(item, dict):
        if isinstance(item.get("code"), str):
            return f"{label} code={item['code']}"
        if section == "quotas":
            return f"{label} unit={item.get('unit') or '(office)'} category={item.get('category')}"
    return label


def _check_entry(report, section, index, item, fields):
    """Check one mapping's keys and values; return it with defaults filled, or None if unusable."""
    path = (section,) if index is None else (section, index)
    label = entry_label(section, index, item)
    if not isinstance(item, dict):
        report.add(path, label, "must be a mapping of fields")
        return None
    known = {f.name for f in fields}
    for key in item:
        if key not in known:
            report.add(path + (key,), label, f'unknown field "{key}"; known fields: {", ".join(f.name for f in fields)}')
    clean = {}
    for f in fields:
        if f.name not in item:
            if f.required:
                report.add(path, label, f'missing required field "{f.name}"')
            else:
                clean[f.name] = copy.deepcopy(f.default)
            continue
        value = item[f.name]
        problem = f.check(value)
        if problem:
            report.add(path + (f.name,), label, f'field "{f.name}" {problem}')
        clean[f.name] = value
    return clean


def _check_duplicates(report, section, entries, key, describe):
    seen = {}
    for index, item in entries:
        value = key(item)
        try:
            hash(value)
        except TypeError:
            continue  # a malformed value, reported by its field check
        if value is None:
            continue
        if value in seen:
            report.add(
                (section, index),
                entry_label(section, index, item),
                f"duplicate {describe(value)}: already given by {seen[value]}",
            )
        else:
            seen[value] = entry_label(section, index, item)


def _check_references(report, data, entries):
    codes = {name: {item.get("code") for _, item in entries.get(name, [])} for name in SECTIONS}
    for section, fields in SECTIONS.items():
        for f in fields:
            if not f.reference:
                continue
            for index, item in entries.get(section, []):
                value = item.get(f.name)
                if isinstance(value, str) and value not in codes[f.reference]:
                    what = "unit" if f.reference == "units" else "post kind"
                    report.add(
                        (section, index, f.name),
                        entry_label(section, index, item),
                        f'field "{f.name}" names unknown {what} "{value}"',
                    )


def _check_parent_cycles(report, entries):
    parent_of = {item["code"]: item.get("parent") for _, item in entries.get("units", []) if isinstance(item.get("code"), str)}
    for index, item in entries.get("units", []):
        chain = [item.get("code")]
        current = parent_of.get(chain[0])
        while current is not None and current in parent_of:
            if current in chain:
                if current == chain[0]:
                    report.add(
                        ("units", index, "parent"),
                        entry_label("units", index, item),
                        f"parent chain loops: {' → '.join(chain + [current])}",
                    )
                break
            chain.append(current)
            current = parent_of[current]


def _check_quotas(report, entries):
    for index, item in entries.get("quotas", []):
        label = entry_label("quotas", index, item)
        if item.get("within") and item.get("within") == item.get("category"):
            report.add(("quotas", index, "within"), label, "a quota cannot be counted within its own category")
        if item.get("authorized") is None and not item.get("authorized_as_given"):
            report.add(
                ("quotas", index),
                label,
                'give "authorized" (a whole number) or, when the source figure is unclear, "authorized_as_given" and a note',
            )


def validate_profile(document):
    """Return (clean data with defaults filled, list of ProfileError). Clean data is usable only without errors."""
    report = _Report(document)
    data = document.data
    if data is None:
        return None, report.errors
    if not isinstance(data, dict):
        report.add((), "", "the file must be a mapping with organization, units, …")
        return None, report.errors
    for key in data:
        if key not in TOP_LEVEL:
            report.add((key,), "", f'unknown section "{key}"; known sections: {", ".join(TOP_LEVEL)}')
    for key in sorted(REQUIRED_SECTIONS - set(data)):
        report.add((), "", f'missing required section "{key}"')
    if "format" in data and data["format"] != FORMAT:
        report.add(("format",), "", f'format must be "{FORMAT}" (got {data["format"]!r})')

    clean = {"format": FORMAT, "organization": None}
    if "organization" in data:
        clean["organization"] = _check_entry(report, "organization", None, data["organization"], ORGANIZATION)
    entries = {}
    for section, fields in SECTIONS.items():
        items = data.get(section, [])
        if items is None:
            items = []
        if not isinstance(items, list):
            report.add((section,), "", f'section "{section}" must be a list')
            items = []
        checked = [(index, _check_entry(report, section, index, item, fields)) for index, item in enumerate(items)]
        entries[section] = [(index, item) for index, item in checked if item is not None]
        clean[section] = [item for _, item in entries[section]]

    for section in ("units", "post_kinds", "posts", "prefixes"):
        _check_duplicates(report, section, entries[section], lambda item: item.get("code"), lambda v: f'code "{v}"')
    _check_duplicates(report, "prefixes", entries["prefixes"], lambda item: item.get("prefix"), lambda v: f'prefix "{v}"')
    _check_duplicates(
        report,
        "quotas",
        entries["quotas"],
        lambda item: (item.get("unit"), item.get("category")),
        lambda v: f"quota for {v[0] or 'the office as a whole'} in category {v[1]}",
    )
    _check_references(report, data, entries)
    _check_parent_cycles(report, entries)
    _check_quotas(report, entries)
    report.errors.sort(key=lambda e: (e.line or 0))
    return clean, report.errors
