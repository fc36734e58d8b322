"""In-app notifications with their email and SMS delivery state, and the background job table."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    NOT_REQUESTED = "", _("Not requested")
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """One message to one person. Texts are stored already rendered in the recipient's language
    (and already neutral when the matter is classified above the recipient's clearance)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("for"),
        help_text=_("The person the recipient stands in for under a delegation."),
    )
    matter = models.ForeignKey(
        "engine.Matter", null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("matter")
    )
    task = models.ForeignKey(
        "engine.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("task")
    )
    verb = models.CharField(_("verb"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_status = models.CharField(_("email"), max_length=10, choices=Delivery.choices, blank=True)
    sms_status = models.CharField(_("SMS"), max_length=10, choices=Delivery.choices, blank=True)
    delivery_error = models.TextField(_("delivery error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_new"),
            models.Index(fields=["recipient", "read_at"], name="notification_recipient_read"),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return f"{self.recipient_id}: {self.title}"

    @property
    def is_read(self):
        return self.read_at is not None


class Job(models.Model):
    """A piece of background work, claimed by one worker with a conditional UPDATE.

    `key` makes scheduling idempotent: inserting a job whose key exists is ignored, so any number of
    workers may schedule the same reminders. `task` and `task_due_at` let the scheduler find open
    tasks whose reminders for their current due time are not scheduled yet.
    """

    kind = models.CharField(_("kind"), max_length=20)
    key = models.CharField(_("key"), max_length=200, unique=True)
    run_at = models.DateTimeField(_("run at"))
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    task = models.ForeignKey("engine.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    task_due_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=100, null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=40, blank=True)

    class Meta:
        ordering = ["run_at", "id"]
        indexes = [
            models.Index(fields=["done_at", "run_at"], name="job_due"),
            models.Index(fields=["task", "task_due_at"], name="job_task_due"),
        ]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self):
        return self.key
