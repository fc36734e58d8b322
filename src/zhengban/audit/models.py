"""The append-only audit trail: one hash chain per subject, anchored daily into a global chain."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditedSubject(models.Model):
    """A row whose events form a chain; the row keeps the chain's head so appending is one INSERT."""

    audit_seq = models.PositiveIntegerField(default=0, editable=False)
    audit_head = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True


class Event(models.Model):
    subject_type = models.CharField(max_length=60)
    subject_id = models.PositiveBigIntegerField()
    seq = models.PositiveIntegerField()
    verb = models.CharField(max_length=80)
    # Events are read by subject (the chain's unique index) and by time, never by person; indexes on
    # the two people would be written on every action for nothing.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["subject_type", "subject_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["subject_type", "subject_id", "seq"], name="audit_event_chain_position"),
        ]
        indexes = [models.Index(fields=["created_at"], name="audit_event_created")]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.subject_type}#{self.subject_id}/{self.seq} {self.verb}"


class Anchor(models.Model):
    """A daily hash over every chain's head, itself chained to the previous anchor."""

    seq = models.PositiveIntegerField(unique=True)
    created_at = models.DateTimeField()
    heads = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
