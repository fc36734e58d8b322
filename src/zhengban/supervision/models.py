"""Supervision items (督办事项), their progress reports, extension requests, leaders' instructions,
and the annual target assessment's scheme."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengban.audit.models import AuditedSubject
from zhengban.engine.models import Matter


class Source(models.TextChoices):
    MEETING_DECISION = "meeting-decision", _("Meeting decision")
    LEADER_INSTRUCTION = "leader-instruction", _("Leader's instruction")
    ANNUAL_KEY_TASK = "annual-key-task", _("Annual key task")
    HIGHER_LEVEL_INSTRUCTION = "higher-level-instruction", _("Higher-level instruction")
    DEPUTY_SUGGESTION = "deputy-suggestion", _("Deputy's suggestion")


class Cadence(models.TextChoices):
    ONE_OFF = "one-off", _("One-off")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class SupervisionItem(models.Model):
    """The supervision side of a matter of type "supervision".

    `behind_at` is the moment the expected progress (the elapsed share of assignment → due) runs
    more than the flow's `behind_by_points` ahead of the reported progress; it is recomputed on
    every change of progress or due date so that the yellow light can be filtered in the query.
    """

    matter = models.OneToOneField(Matter, on_delete=models.CASCADE, primary_key=True, related_name="supervision")
    source = models.CharField(_("source"), max_length=30, choices=Source.choices, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="supervised_items",
        verbose_name=_("responsible leader"),
    )
    cadence = models.CharField(_("reporting cadence"), max_length=20, choices=Cadence.choices, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress %"), default=0)
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    last_report_at = models.DateTimeField(_("last report"), null=True, blank=True)
    next_report_at = models.DateTimeField(_("next report due"), null=True, blank=True)
    behind_at = models.DateTimeField(null=True, blank=True, db_index=True)
    completion_report = models.TextField(_("completion report"), blank=True)
    completed_at = models.DateTimeField(_("completion reported"), null=True, blank=True)
    completed_on_time = models.BooleanField(null=True)
    quality_rating = models.PositiveSmallIntegerField(_("quality rating"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)

    class Meta:
        verbose_name = _("supervision item")
        verbose_name_plural = _("supervision items")
        indexes = [models.Index(fields=["year", "source"], name="supervision_year_source")]

    def __str__(self):
        return str(self.matter)


class ProgressReport(models.Model):
    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="reports")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    progress_before = models.PositiveSmallIntegerField()
    progress = models.PositiveSmallIntegerField(_("progress %"))
    text = models.TextField(_("progress"))
    via_spreadsheet = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at", "-id"]


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class ExtensionRequest(models.Model):
    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="extensions")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    reason = models.TextField(_("reason"))
    old_due = models.DateTimeField()
    new_due = models.DateTimeField(_("new due date"))
    state = models.CharField(max_length=20, choices=ExtensionState.choices, default=ExtensionState.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]


class Instruction(models.Model):
    """A leader's instruction (批示) on an item's progress; the lead unit is told at once."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="instructions")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    text = models.TextField(_("instruction"))

    class Meta:
        ordering = ["-at", "-id"]


class AssessmentScheme(AuditedSubject):
    """The scoring scheme of one year's target assessment (目标管理考核), as data the Supervision Office edits."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    on_time_points = models.DecimalField(_("points for on-time completion"), max_digits=6, decimal_places=2, default=40)
    verified_points = models.DecimalField(_("points for verified completion"), max_digits=6, decimal_places=2, default=30)
    quality_points = models.DecimalField(_("points for quality"), max_digits=6, decimal_places=2, default=30)
    red_deduction = models.DecimalField(_("deduction per red item"), max_digits=6, decimal_places=2, default=2)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")

    def __str__(self):
        return str(self.year)
