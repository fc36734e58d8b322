"""The organization profile: a data file of units, posts, quotas and document prefixes (DESIGN.md §3).

`load_profile` validates the whole file before writing anything; `export_profile_text` writes the
organization back out in the same format.
"""

from pathlib import Path

from .export import export_profile_text
from .validate import validate_profile
from .yamlio import ProfileError, read_profile

SHIPPED_DIR = Path(__file__).resolve().parent.parent / "profiles"


def shipped_profiles():
    return sorted(path.stem for path in SHIPPED_DIR.glob("*.yaml"))


def resolve_profile(name_or_path):
    """A shipped profile's name (e.g. hengyang) or a path to a profile file."""
    if name_or_path in shipped_profiles():
        return SHIPPED_DIR / f"{name_or_path}.yaml"
    return Path(name_or_path)


class ProfileInvalid(Exception):
    def __init__(self, errors):
        super().__init__(f"{len(errors)} problem(s) in the profile")
        self.errors = errors


def check_profile(name_or_path):
    """Parse and validate; return the clean data or raise ProfileInvalid listing every problem."""
    document = read_profile(resolve_profile(name_or_path))
    clean, errors = validate_profile(document)
    if errors:
        raise ProfileInvalid(errors)
    return clean


def load_profile(name_or_path, *, actor=None, system=True, progress=None):
    from .actions import do_load_profile

    return do_load_profile(actor, check_profile(name_or_path), system=system, progress=progress)


__all__ = [
    "ProfileError",
    "ProfileInvalid",
    "check_profile",
    "export_profile_text",
    "load_profile",
    "resolve_profile",
    "shipped_profiles",
]
