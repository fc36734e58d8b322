"""Small builders the attachment tests share."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile


def upload(name, content):
    return SimpleUploadedFile(name, content)


def zip_bytes(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def stored_files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) if root.exists() else []
