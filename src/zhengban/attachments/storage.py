"""Where blob bytes live: a directory tree by default, an S3-style bucket by configuration.

Blobs are content-addressed: the key is derived from the SHA-256 (aa/bb/<sha256>), a stored blob
is never rewritten, and two uploads of the same bytes share one stored object.
"""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File


def key_for(sha256):
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


class FileSystemBlobStore:
    """Blobs as read-only files under a root directory, each written in full before it appears."""

    def __init__(self, root):
        self.root = Path(root)

    def path(self, key):
        return self.root / key

    def exists(self, key):
        return self.path(key).is_file()

    def save(self, key, source):
        """Copy the open binary file `source` to `key` via a temporary file and an atomic rename."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as out:
                source.seek(0)
                while chunk := source.read(1024 * 1024):
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, 0o444)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def open(self, key):
        return open(self.path(key), "rb")


class S3BlobStore:
    """Blobs as objects in an S3-compatible bucket, through django-storages."""

    def __init__(self, storage):
        self.storage = storage

    def exists(self, key):
        return self.storage.exists(key)

    def save(self, key, source):
        source.seek(0)
        self.storage.save(key, File(source, name=key))

    def open(self, key):
        return self.storage.open(key, "rb")


def s3_storage():
    """A django-storages S3Storage from settings.ATTACHMENT_S3; imported only when S3 is configured."""
    try:
        from storages.backends.s3 import S3Storage
    except ImportError as exc:
        raise ImproperlyConfigured(
            "ZHENGBAN_ATTACHMENT_STORAGE=s3 needs the s3 extra: pip install 'zhengban[s3]'"
        ) from exc
    options = {name: value for name, value in settings.ATTACHMENT_S3.items() if value}
    if not options.get("bucket_name"):
        raise ImproperlyConfigured("ZHENGBAN_ATTACHMENT_STORAGE=s3 needs ZHENGBAN_S3_BUCKET")
    # Keys are content hashes: never rename on collision, and never make an object public.
    return S3Storage(file_overwrite=True, default_acl="private", querystring_auth=True, **options)


def blob_store():
    """The configured store; built per call so that overridden settings take effect at once."""
    kind = settings.ATTACHMENT_STORAGE
    if kind == "filesystem":
        return FileSystemBlobStore(settings.ATTACHMENT_ROOT)
    if kind == "s3":
        return S3BlobStore(s3_storage())
    raise ImproperlyConfigured(f"ZHENGBAN_ATTACHMENT_STORAGE must be 'filesystem' or 's3', not {kind!r}")


def open_attachment(attachment):
    """The attachment's bytes as an open binary file; the caller closes it."""
    return blob_store().open(attachment.blob.storage_key)
