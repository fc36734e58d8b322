"""What routing learns: confirmed examples, the per-unit token counts made from them, and the
version counter that tells every process when its copy of the counts is stale."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengban.audit.models import AuditedSubject


class RoutingState(models.Model):
    """One row. `version` grows with every confirmation; `profile_version` with every unit change.

    A process compares them with its own copy on each recommendation (one indexed read) and
    fetches only the counts changed since, so several app servers agree within one request.
    """

    version = models.PositiveBigIntegerField(default=0)
    profile_version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("routing state")
        verbose_name_plural = _("routing state")

    @classmethod
    def current(cls):
        state, _created = cls.objects.get_or_create(pk=1)
        return state


class ConfirmedExample(AuditedSubject):
    """A matter whose lead unit a clerk confirmed or corrected: it weighs in on later recommendations."""

    title = models.CharField(_("title"), max_length=500, blank=True)
    text = models.TextField(_("text"), blank=True)
    sender = models.ForeignKey(
        "documents.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("sender"),
    )
    unit = models.ForeignKey("core.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    recommended_unit = models.ForeignKey(
        "core.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("recommended unit"), help_text=_("What routing proposed when the clerk decided."),
    )
    tokens = models.JSONField(_("tokens"), default=list)
    source_matter = models.ForeignKey(
        "engine.Matter", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("matter"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)

    class Meta:
        ordering = ["-confirmed_at", "-id"]
        verbose_name = _("confirmed routing example")
        verbose_name_plural = _("confirmed routing examples")

    def __str__(self):
        return self.title or self.text[:60]

    @property
    def was_corrected(self):
        return self.recommended_unit_id is not None and self.recommended_unit_id != self.unit_id


class TokenCount(models.Model):
    """How many confirmed examples of a unit contained a token; `version` is the state version of
    its last change, so a process refreshes only what changed since it last looked."""

    unit = models.ForeignKey("core.Unit", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=100)
    count = models.PositiveIntegerField(default=0)
    last_example = models.ForeignKey(ConfirmedExample, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveBigIntegerField(default=0, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "token"], name="routing_token_count_unique")]


class UnitExampleCount(models.Model):
    """Confirmed examples per unit: the learned prior."""

    unit = models.OneToOneField("core.Unit", on_delete=models.CASCADE, primary_key=True, related_name="+")
    examples = models.PositiveIntegerField(default=0)
    version = models.PositiveBigIntegerField(default=0, db_index=True)
