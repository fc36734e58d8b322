"""Decide an upload's MIME type from its content, and refuse what could run or hide something that runs.

The order matters: a dangerous name or signature refuses the file whatever else it looks like;
then the content's own signature decides; the file name only decides for a short list of office
formats whose content is checked to match; anything else that is not plain text is refused.
"""

import re
import zipfile
from pathlib import Path, PurePath

import filetype
from django.utils.translation import gettext as _

from zhengban.core.errors import ActionError

HEAD_BYTES = 8192

DANGEROUS_EXTENSIONS = {
    ".exe", ".bat", ".cmd", ".com", ".scr", ".js", ".mjs", ".vbs", ".vbe", ".wsf", ".ps1", ".jar", ".msi",
    ".sh", ".bash", ".apk", ".dll", ".so", ".dylib", ".cpl", ".hta", ".lnk", ".reg", ".pif", ".py", ".pl",
}

EXECUTABLE_SIGNATURES = (
    (b"\x7fELF", "ELF"),
    (b"MZ", "Windows PE/MZ"),
    (b"\xfe\xed\xfa\xce", "Mach-O"),
    (b"\xfe\xed\xfa\xcf", "Mach-O"),
    (b"\xce\xfa\xed\xfe", "Mach-O"),
    (b"\xcf\xfa\xed\xfe", "Mach-O"),
    (b"\xca\xfe\xba\xbe", "Mach-O universal / Java class"),
    (b"#!", "script"),
    (b"\x00asm", "WebAssembly"),
)

# Types the content itself proves, accepted whatever the name says.
DETECTED_SAFE = {
    "image/jpeg", "image/png", "image/gif", "image/webp", "image/tiff", "image/bmp", "image/heic", "image/avif",
    "application/pdf",
    "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"

# Office formats the name may decide, each with the member a genuine file of that kind contains.
ZIP_OFFICE = {
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word/"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/"),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "ppt/"),
    ".ofd": ("application/ofd", "OFD.xml"),
}
OLE_OFFICE = {
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
    ".wps": "application/vnd.ms-works",
    ".et": "application/vnd.ms-excel",
}
TEXT_BY_EXTENSION = {".csv": "text/csv", ".txt": "text/plain"}

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
MARKUP = re.compile(r"<\s*(!doctype\s+html|html|svg|body|head|script|iframe|\?xml)\b", re.IGNORECASE)
ACTIVE_CONTENT = re.compile(
    r"<\s*(script|iframe|object|embed|foreignobject|meta\s[^>]*http-equiv)\b|\son[a-z]+\s*=|javascript\s*:",
    re.IGNORECASE,
)


def refuse(message):
    raise ActionError(message, code="refused_type")


def _extension(filename):
    return PurePath(filename).suffix.lower()


def _refuse_dangerous(head, filename):
    names = [suffix.lower() for suffix in PurePath(filename).suffixes]
    bad = [suffix for suffix in names if suffix in DANGEROUS_EXTENSIONS]
    if bad:
        refuse(_("Files of type %(ext)s may contain programs and are not accepted.") % {"ext": bad[-1]})
    for signature, kind in EXECUTABLE_SIGNATURES:
        if head.startswith(signature):
            refuse(_("This file is a program or script (%(kind)s) and is not accepted.") % {"kind": kind})


def _zip_members(path):
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return []


def _by_extension(path, head, extension):
    if extension in ZIP_OFFICE and head.startswith(ZIP_SIGNATURE):
        mime, member = ZIP_OFFICE[extension]
        if any(name.startswith(member) for name in _zip_members(path)):
            return mime
    if extension in OLE_OFFICE and head.startswith(OLE_SIGNATURE):
        return OLE_OFFICE[extension]
    if extension == ".pdf" and b"%PDF-" in head[:1024]:
        return "application/pdf"
    return None


def _decoded_text(path, encodings):
    data = Path(path).read_bytes()
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not CONTROL_CHARACTERS.search(text):
            return text
    return None


def _text_mime(path, extension):
    # GB18030 (a superset of GBK) is how many Chinese office tools still save .txt and .csv files.
    encodings = ("utf-8-sig", "gb18030") if extension in TEXT_BY_EXTENSION else ("utf-8-sig",)
    text = _decoded_text(path, encodings)
    if text is None:
        return None
    if MARKUP.search(text[:HEAD_BYTES]):
        if ACTIVE_CONTENT.search(text):
            refuse(_("This HTML or SVG file contains scripts or active content and is not accepted."))
        return "image/svg+xml" if re.search(r"<\s*svg\b", text, re.IGNORECASE) else "text/html"
    return TEXT_BY_EXTENSION.get(extension, "text/plain")


def detect_mime(path, filename):
    """The MIME type of the file at `path`, uploaded as `filename`; ActionError when it is refused."""
    with open(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    _refuse_dangerous(head, filename)
    extension = _extension(filename)
    kind = filetype.guess(head)
    if kind is not None and kind.mime in DETECTED_SAFE:
        return kind.mime
    mime = _by_extension(path, head, extension) or _text_mime(path, extension)
    if mime:
        return mime
    refuse(
        _("The type of this file could not be recognised as a document, image or text (%(kind)s); it is not accepted.")
        % {"kind": kind.mime if kind else _("unknown binary data")}
    )
