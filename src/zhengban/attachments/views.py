"""Streaming downloads for modules to route behind their own permission rule.

A module routes `download_view(can_read)` (or calls `serve_attachment` from its own view);
`can_read(user, attachment)` says whether this user may read the owner's files. The clearance
check is always applied on top of it.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from .models import Attachment
from .storage import open_attachment

# Types a browser may show in place; everything else (HTML and SVG above all) is only downloaded.
INLINE_SAFE = {"application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp", "text/plain"}


def may_read(user, attachment, can_read=None):
    if not (user.is_authenticated and user.is_active):
        return False
    if attachment.classification > getattr(user, "clearance", 0):
        return False
    return can_read is None or bool(can_read(user, attachment))


def serve_attachment(request, attachment, can_read=None):
    """A FileResponse streaming the attachment, or PermissionDenied (403)."""
    if not may_read(request.user, attachment, can_read):
        raise PermissionDenied
    blob = attachment.blob
    response = FileResponse(
        open_attachment(attachment),
        as_attachment=blob.mime_type not in INLINE_SAFE,
        filename=attachment.filename,
        content_type=blob.mime_type,
    )
    response["Content-Length"] = str(blob.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def download_view(can_read):
    """A view `(request, attachment_id)` serving attachments that `can_read(user, attachment)` allows."""

    @require_safe
    @login_required
    def download(request, attachment_id):
        attachment = get_object_or_404(Attachment.objects.select_related("blob"), pk=attachment_id)
        return serve_attachment(request, attachment, can_read)

    return download
