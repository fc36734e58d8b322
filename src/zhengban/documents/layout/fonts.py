"""The five type faces GB/T 9704-2012 names, resolved to font files from settings.

Each slot is a file path in settings (ZHENGBAN_FONT_<SLOT>); a face inside a collection (.ttc) is
chosen with a "#index" suffix. A deployment with licensed 仿宋_GB2312 / 方正小标宋 files points the
settings at them; the defaults are the nearest free faces Debian ships (see settings.py).

Faces taken out of a collection are written once per process to a cache folder, and WeasyPrint's
font configuration is kept for the life of the process, so a render copies no font.
"""

import atexit
import hashlib
import os
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from fontTools.ttLib import TTCollection, TTFont


@dataclass(frozen=True)
class Slot:
    key: str  # CSS family alias and the settings suffix
    role: str  # what the standard asks for


SLOTS = (
    Slot("fangsong", "仿宋_GB2312"),
    Slot("xiaobiaosong", "方正小标宋"),
    Slot("heiti", "黑体"),
    Slot("kaiti", "楷体_GB2312"),
    Slot("songti", "宋体"),
)


@dataclass(frozen=True)
class ResolvedFont:
    slot: str
    role: str
    configured: str  # the setting's value
    path: Path  # a single-face file WeasyPrint and fontTools can read
    family: str  # the face's own family name (name ID 1)
    postscript_name: str  # name ID 6

    @property
    def css_family(self):
        return f"zb-{self.slot}"


def _setting(slot):
    return getattr(settings, f"ZHENGBAN_FONT_{slot.key.upper()}")


def _cache_folder():
    folder = Path(tempfile.gettempdir()) / "zhengban-fonts"
    folder.mkdir(exist_ok=True)
    return folder


def _single_face(configured):
    """The path of a one-face font file for a setting value, extracting from a collection if needed."""
    path_text, _, index_text = configured.partition("#")
    path = Path(path_text)
    if not path.is_file():
        raise FileNotFoundError(f"Font file {path} (from the ZHENGBAN_FONT_* settings) does not exist.")
    if not index_text:
        return path, TTFont(path, lazy=True)
    stat = path.stat()
    digest = hashlib.sha256(f"{path}|{index_text}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    target = _cache_folder() / f"{path.stem}-{index_text}-{digest}.otf"
    face = TTCollection(path, lazy=True).fonts[int(index_text)]
    if not target.exists():
        partial = target.with_suffix(f".{os.getpid()}.part")
        face.save(partial)
        os.replace(partial, target)
    return target, face


@lru_cache(maxsize=None)
def _resolve(slot, configured):
    path, face = _single_face(configured)
    names = face["name"]
    return ResolvedFont(
        slot=slot.key,
        role=slot.role,
        configured=configured,
        path=path,
        family=names.getDebugName(1) or path.stem,
        postscript_name=names.getDebugName(6) or path.stem,
    )


def resolved_fonts():
    """The configured faces, slot by slot (cached per setting value)."""
    return {slot.key: _resolve(slot, _setting(slot)) for slot in SLOTS}


def font_face_css():
    """@font-face rules binding each slot's alias to its file."""
    rules = []
    for font in resolved_fonts().values():
        rules.append(
            f'@font-face {{ font-family: "{font.css_family}"; src: url("{font.path.as_uri()}"); }}'
        )
    return "\n".join(rules)


def fonts_used(spec):
    """The faces a document's layout uses, as {role: "Family (PostScriptName)"}.

    Every layout uses the body, title and page-number faces; 黑体 and 楷体 only when the body has
    first- or second-level headings, or (黑体) a minutes attendance list.
    """
    from .spec import Format, body_paragraphs

    levels = {paragraph.level for paragraph in body_paragraphs(spec.body)}
    needed = {"fangsong", "xiaobiaosong", "songti"}
    if 1 in levels or (spec.doc_format == Format.MINUTES and (spec.present or spec.excused or spec.in_attendance)):
        needed.add("heiti")
    if 2 in levels or (spec.upward and spec.signers):
        needed.add("kaiti")
    return {
        font.role: f"{font.family} ({font.postscript_name})"
        for font in resolved_fonts().values()
        if font.slot in needed
    }


_font_configs_lock = threading.Lock()
_font_configs = {}
# Let the configurations (and their font folders) go before the interpreter tears down the
# libraries their destructor calls.
atexit.register(_font_configs.clear)


def weasyprint_font_config():
    """One WeasyPrint FontConfiguration per set of font settings, kept for the process.

    WeasyPrint copies an @font-face file into its configuration's folder once; keeping the
    configuration keeps a render from copying tens of megabytes of fonts.
    """
    key = tuple(font.configured for font in resolved_fonts().values())
    with _font_configs_lock:
        if key not in _font_configs:
            from weasyprint.text.fonts import FontConfiguration

            _font_configs[key] = FontConfiguration()
        return _font_configs[key]


@lru_cache(maxsize=None)
def _vertical_metrics(path):
    face = TTFont(path, lazy=True)
    units = face["head"].unitsPerEm
    hhea, os2 = face["hhea"], face["OS/2"]
    em_ascent = os2.sTypoAscender / (os2.sTypoAscender - os2.sTypoDescender)
    return hhea.ascent / units, -hhea.descent / units, em_ascent


def em_top_in_line(slot_key, line_height_em):
    """Where a face's ideographic em box starts below the top of a line box, in em.

    The line box centres the face's ascent + descent (hhea); the em box (the square a CJK glyph
    is drawn in) ends at the typographic ascender scaled to one em. GB/T 9704 measures from the
    em box, so the layout subtracts this to put a mark's top exactly where the standard says.
    """
    ascent, descent, em_ascent = _vertical_metrics(resolved_fonts()[slot_key].path)
    return line_height_em / 2 + (ascent - descent) / 2 - em_ascent
