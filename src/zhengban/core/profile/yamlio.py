"""Reading a profile file with the line of every value, and writing one back in a stable layout."""

from dataclasses import dataclass, field
from pathlib import Path

import yaml


@dataclass
class ProfileError:
    """One thing wrong with a profile file: where it is and what is wrong."""

    file: str
    line: int | None
    entry: str
    message: str

    def __str__(self):
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.entry}: {self.message}" if self.entry else f"{where}: {self.message}"


@dataclass
class ProfileDocument:
    """The parsed file: plain data, plus the 1-based line of every mapping key, list item and value."""

    name: str
    data: object
    lines: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)

    def line_of(self, *path):
        """The line of the deepest part of `path` that the file has (a missing key: its entry's line)."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def parse_profile(text, name="<profile>"):
    """Parse YAML text keeping line marks; YAML syntax errors and repeated keys become ProfileErrors."""
    document = ProfileDocument(name=name, data=None)
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        document.errors.append(
            ProfileError(name, mark.line + 1 if mark else None, "", f"not valid YAML: {exc.problem or exc.context}")
        )
        return document
    finally:
        loader.dispose()
    if node is None:
        document.errors.append(ProfileError(name, 1, "", "the file is empty"))
        return document
    document.data = _build(loader, node, (), document)
    return document


def read_profile(path):
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        document = ProfileDocument(name=str(path), data=None)
        document.errors.append(ProfileError(str(path), None, "", f"cannot be read: {exc}"))
        return document
    return parse_profile(text, name=str(path))


def _build(loader, node, path, document):
    document.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                document.errors.append(
                    ProfileError(document.name, key_node.start_mark.line + 1, "", f"key {key!r} is not text")
                )
                continue
            if key in result:
                document.errors.append(
                    ProfileError(document.name, key_node.start_mark.line + 1, "", f'key "{key}" is given twice')
                )
            result[key] = _build(loader, value_node, path + (key,), document)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, path + (index,), document) for index, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


class _ProfileDumper(yaml.SafeDumper):
    """Word lists and {zh, en} pairs on one line, multi-line text as literal blocks."""


def _represent_str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper, value):
    flow = all(isinstance(item, str) for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


def _represent_dict(dumper, value):
    flow = set(value) == {"zh", "en"}
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=flow)


_ProfileDumper.add_representer(str, _represent_str)
_ProfileDumper.add_representer(list, _represent_list)
_ProfileDumper.add_representer(dict, _represent_dict)


def dump_profile(data, header=""):
    body = yaml.dump(data, Dumper=_ProfileDumper, allow_unicode=True, sort_keys=False, width=1_000_000, indent=2)
    return header + body
