"""Attaching a file to an owner: check, hash, store once, record, audit."""

import hashlib
import os
import tempfile
import unicodedata
from pathlib import PurePath, PureWindowsPath

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from zhengban.audit.chain import append_event
from zhengban.audit.models import AuditedSubject
from zhengban.core.errors import ActionError, Conflict, NotAllowed
from zhengban.core.models import Clearance

from .models import Attachment, Blob, owner_label
from .sniff import detect_mime
from .storage import blob_store, key_for

CHUNK = 1024 * 1024


def clean_filename(name):
    """The last path component of the client's name, without control characters, at most 255 characters."""
    base = PureWindowsPath(PurePath(name or "").name).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if not base:
        raise ActionError(_("The file has no name."), code="no_filename", fields={"file": "no_filename"})
    stem, dot, suffix = base.rpartition(".")
    if len(base) > 255:
        base = (stem[: 255 - len(suffix) - 1] + dot + suffix) if dot and len(suffix) < 20 else base[:255]
    return base


def _chunks(uploaded_file):
    if hasattr(uploaded_file, "chunks"):
        yield from uploaded_file.chunks(CHUNK)
        return
    while chunk := uploaded_file.read(CHUNK):
        yield chunk


def _spool(uploaded_file, out):
    """Copy the upload into `out`, refusing it past the size limit; return (sha256, size)."""
    limit = settings.ATTACHMENT_MAX_BYTES
    digest, size = hashlib.sha256(), 0
    for chunk in _chunks(uploaded_file):
        size += len(chunk)
        if size > limit:
            raise ActionError(
                _("The file is larger than the limit of %(limit)s.") % {"limit": filesizeformat(limit)},
                code="too_large",
                fields={"file": "too_large"},
            )
        digest.update(chunk)
        out.write(chunk)
    if size == 0:
        raise ActionError(_("The file is empty."), code="empty", fields={"file": "empty"})
    out.flush()
    return digest.hexdigest(), size


def _check_permission(actor, classification):
    if actor is None or not actor.is_active:
        raise NotAllowed(_("Only an active user may attach files."))
    if classification not in Clearance.values:
        raise ActionError(
            _("Classification must be one of 0 (none), 1 (秘密), 2 (机密), 3 (绝密)."),
            fields={"classification": classification},
        )
    if classification > actor.clearance:
        raise NotAllowed(_("You may not attach a file classified above your own clearance."))


def _stored_blob(sha256, size, mime_type, spooled):
    """The blob for these bytes, creating it (and writing the file) only if they were never stored."""
    key = key_for(sha256)
    store = blob_store()
    if not store.exists(key):
        # Written before the row commits, so a committed Blob always has its file; a file left by a
        # rolled-back upload is simply reused by the next upload of the same bytes.
        store.save(key, spooled)
    blob = Blob.objects.filter(sha256=sha256).first()
    if blob:
        return blob
    try:
        with transaction.atomic():
            return Blob.objects.create(sha256=sha256, size=size, mime_type=mime_type, storage_key=key)
    except IntegrityError:
        return Blob.objects.get(sha256=sha256)


def do_attach(actor, owner, uploaded_file, classification=Clearance.NONE, on_behalf_of=None):
    """Attach `uploaded_file` to `owner` and return the new Attachment.

    The audit event goes on the owner's chain when the owner keeps one (this action locks the
    owner's row itself with select_for_update, so callers need not), else on the attachment's own.
    """
    _check_permission(actor, classification)
    filename = clean_filename(getattr(uploaded_file, "name", ""))
    if owner is None or owner.pk is None:
        raise ActionError(_("A file can only be attached to something that has been saved."))
    handle, spool_path = tempfile.mkstemp(prefix="zhengban-upload-")
    try:
        with os.fdopen(handle, "w+b") as spooled:
            sha256, size = _spool(uploaded_file, spooled)
            mime_type = detect_mime(spool_path, filename)
            with transaction.atomic():
                chain_owner = None
                if isinstance(owner, AuditedSubject):
                    chain_owner = type(owner).objects.select_for_update().get(pk=owner.pk)
                if getattr(chain_owner or owner, "is_archived", False):
                    raise Conflict(_("This matter is archived: no more files can be attached to it."), code="archived")
                blob = _stored_blob(sha256, size, mime_type, spooled)
                attachment = Attachment.objects.create(
                    blob=blob,
                    filename=filename,
                    owner_type=owner_label(owner),
                    owner_id=owner.pk,
                    classification=classification,
                    uploaded_by=actor,
                )
                payload = {
                    "attachment": attachment.pk,
                    "filename": filename,
                    "sha256": sha256,
                    "size": size,
                    "mime_type": blob.mime_type,
                    "classification": classification,
                    "owner": f"{attachment.owner_type}:{attachment.owner_id}",
                }
                append_event(
                    chain_owner or attachment, "attachment.added", actor=actor, payload=payload, on_behalf_of=on_behalf_of
                )
                if chain_owner is not None:
                    owner.audit_seq, owner.audit_head = chain_owner.audit_seq, chain_owner.audit_head
    finally:
        os.unlink(spool_path)
    return attachment
