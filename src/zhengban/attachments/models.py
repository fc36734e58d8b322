"""Content-addressed blobs and the attachments that name them on some owner (a memo, a matter, …)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhengban.audit.models import AuditedSubject
from zhengban.core.models import Clearance


class Blob(models.Model):
    """One stored sequence of bytes; identical uploads share it. Never changed or deleted by the application."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    mime_type = models.CharField(_("MIME type"), max_length=120)
    storage_key = models.CharField(_("storage key"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("stored at"), default=timezone.now)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self):
        return f"{self.sha256[:12]}… ({self.size} B, {self.mime_type})"


def owner_label(owner):
    return owner._meta.label_lower


class AttachmentQuerySet(models.QuerySet):
    def of(self, owner):
        return self.filter(owner_type=owner_label(owner), owner_id=owner.pk)

    def within_clearance(self, level):
        return self.filter(classification__lte=level)


class Attachment(AuditedSubject):
    """A named use of a blob on an owner, identified generically by model label and primary key."""

    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("stored file"))
    filename = models.CharField(_("file name"), max_length=255)
    owner_type = models.CharField(_("owner type"), max_length=60)
    owner_id = models.PositiveBigIntegerField(_("owner id"))
    classification = models.PositiveSmallIntegerField(
        _("classification"), choices=Clearance.choices, default=Clearance.NONE
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "id"]
        indexes = [
            models.Index(fields=["owner_type", "owner_id"], name="attachment_owner"),
            models.Index(fields=["classification"], name="attachment_classification"),
        ]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.filename

    @property
    def size(self):
        return self.blob.size

    @property
    def mime_type(self):
        return self.blob.mime_type
