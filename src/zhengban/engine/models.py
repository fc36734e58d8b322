"""The shared core of every matter (事项): the case row, its tasks (the inbox), links and watchers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengban.audit.models import AuditedSubject
from zhengban.core.models import Clearance


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal (平件)")
    URGENT = "urgent", _("Urgent (加急)")
    VERY_URGENT = "very-urgent", _("Very urgent (特急)")


class Matter(AuditedSubject):
    type = models.CharField(_("type"), max_length=40, db_index=True)
    number = models.CharField(_("number"), max_length=80, blank=True, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    classification = models.PositiveSmallIntegerField(_("classification"), choices=Clearance.choices, default=0)
    classification_period = models.CharField(_("classification period"), max_length=60, blank=True)
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.NORMAL)
    lead_unit = models.ForeignKey(
        "core.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_matters",
        verbose_name=_("lead unit"),
        db_index=False,  # matter_lead_state (lead_unit, state) serves every lookup by lead unit
    )
    co_units = models.ManyToManyField("core.Unit", blank=True, related_name="co_matters", verbose_name=_("co-units"))
    creator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="created_matters")
    creator_unit = models.ForeignKey("core.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=40)
    opened_at = models.DateTimeField(_("opened"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    due_provisional = models.BooleanField(default=False)
    due_unit = models.CharField(max_length=20, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    pause_reason = models.CharField(max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)
    data = models.JSONField(default=dict, blank=True)
    watchers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="watched_matters")

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["type", "state"], name="matter_type_state"),
            models.Index(fields=["lead_unit", "state"], name="matter_lead_state"),
            models.Index(fields=["due_at"], name="matter_due"),
        ]
        verbose_name = _("matter")
        verbose_name_plural = _("matters")

    def __str__(self):
        return f"{self.number or '#' + str(self.pk)} {self.title}"

    @property
    def is_closed(self):
        return self.closed_at is not None

    @property
    def is_archived(self):
        """Marked by the archive's do_archive; an archived matter takes no further change."""
        return bool((self.data or {}).get("archived"))


class LinkKind(models.TextChoices):
    DECISION_OF = "decision-of", _("decision of")
    REPLY_TO = "reply-to", _("reply to")
    DUPLICATE_OF = "duplicate-of", _("duplicate of")
    FOLLOW_UP_OF = "follow-up-of", _("follow-up of")
    RELATED = "related", _("related to")


class MatterLink(models.Model):
    source = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=20, choices=LinkKind.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "target", "kind"], name="matter_link_unique")]


class TaskKind(models.TextChoices):
    HANDLE = "handle", _("Handle")
    APPROVE = "approve", _("Approve")
    COUNTERSIGN = "countersign", _("Countersign")
    READ = "read", _("Read")


class TaskState(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Task(models.Model):
    """One open assignment: to a person, a unit, or a role within a unit."""

    # Foreign keys that lead a composite index below, or are never searched by (assigned_by,
    # on_behalf_of), get no index of their own: every index is written on each step of every matter.
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="tasks", db_index=False)
    kind = models.CharField(max_length=20, choices=TaskKind.choices, default=TaskKind.HANDLE)
    step = models.CharField(max_length=40)
    assignee_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks", db_index=False
    )
    assignee_unit = models.ForeignKey(
        "core.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="tasks", db_index=False
    )
    assignee_role = models.CharField(max_length=40, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    state = models.CharField(max_length=20, choices=TaskState.choices, default=TaskState.OPEN)
    created_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True)
    due_provisional = models.BooleanField(default=False)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    outcome = models.CharField(max_length=40, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["assignee_person", "state"], name="task_person_state"),
            models.Index(fields=["assignee_unit", "state"], name="task_unit_state"),
            models.Index(fields=["matter", "state"], name="task_matter_state"),
            models.Index(fields=["completed_by", "completed_at"], name="task_completed_by"),
            models.Index(fields=["state", "due_at"], name="task_state_due"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.step} on {self.matter_id}"


class FlowParameter(AuditedSubject):
    """A deployment parameter of a flow (deadline length, approving role, optional step) edited by administrators."""

    flow = models.CharField(max_length=40)
    key = models.CharField(max_length=60)
    value = models.JSONField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["flow", "key"], name="flow_parameter_unique")]
        ordering = ["flow", "key"]

    def __str__(self):
        return f"{self.flow}.{self.key} = {self.value!r}"


class Change(models.Model):
    """The outbox: one row per committed action, written in the action's own transaction.

    The worker delivers each to the listeners (notifications of opened tasks, the search index) and
    deletes it; a change whose delivery fails is kept, retried, and after MAX_ATTEMPTS marked failed.
    """

    matter_id = models.PositiveBigIntegerField()
    verb = models.CharField(max_length=60, blank=True)
    task_ids = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("pending change")
        verbose_name_plural = _("pending changes")

    def __str__(self):
        return f"{self.verb or 'tasks'} on matter {self.matter_id}"
