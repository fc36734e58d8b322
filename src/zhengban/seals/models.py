"""The register of seals (印章)."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zhengban.audit.models import AuditedSubject


class SealKind(models.TextChoices):
    GOVERNMENT = "government", _("City government's seal")
    OFFICE = "office", _("Office's seal")
    MAYOR = "mayor", _("Mayor's seal")
    SPECIAL = "special", _("Special-purpose seal")


class Seal(AuditedSubject):
    code = models.SlugField(max_length=60, unique=True)
    name_zh = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=SealKind.choices)
    keeper_unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, related_name="seals")
    active = models.BooleanField(default=True)
    engraved_on = models.DateField(null=True, blank=True)
    retired_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("seal")
        verbose_name_plural = _("seals")

    def __str__(self):
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


class SealUse(models.Model):
    """One entry of the use log (用印登记): which seal, on what, when, how many impressions, by whom.

    Written only by `zhengban.seals.actions.record_seal_use` (directly, or from a seal request's
    "record the use" step); never edited.
    """

    seal = models.ForeignKey(Seal, on_delete=models.PROTECT, related_name="uses", verbose_name=_("seal"))
    matter = models.ForeignKey(
        "engine.Matter", null=True, blank=True, on_delete=models.PROTECT, related_name="seal_uses",
        verbose_name=_("document"),
    )
    request = models.ForeignKey(
        "engine.Matter", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("seal request"),
    )
    used_at = models.DateTimeField(_("used at"), db_index=True)
    impressions = models.PositiveIntegerField(_("impressions"))
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("applied by")
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("approved by"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("requested by"),
    )
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-used_at", "-id"]
        indexes = [models.Index(fields=["seal", "used_at"], name="seal_use_seal_time")]
        verbose_name = _("seal use")
        verbose_name_plural = _("seal uses")

    def __str__(self):
        return f"{self.seal} × {self.impressions} @ {self.used_at:%Y-%m-%d}"


class SealRequest(models.Model):
    """A request to use a seal (用印申请): the matter of type "seal-request" carries its flow."""

    matter = models.OneToOneField(
        "engine.Matter", on_delete=models.CASCADE, primary_key=True, related_name="seal_request"
    )
    seal = models.ForeignKey(Seal, on_delete=models.PROTECT, related_name="requests", verbose_name=_("seal"))
    purpose = models.CharField(_("purpose"), max_length=300)
    impressions = models.PositiveIntegerField(_("impressions requested"))
    document = models.ForeignKey(
        "engine.Matter", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("document"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("approved by"),
    )

    class Meta:
        verbose_name = _("seal request")
        verbose_name_plural = _("seal requests")


class SealEngraving(models.Model):
    """A request to engrave a new seal (刻制印章): the matter of type "seal-engraving" carries its flow."""

    matter = models.OneToOneField(
        "engine.Matter", on_delete=models.CASCADE, primary_key=True, related_name="seal_engraving"
    )
    code = models.SlugField(_("code of the new seal"), max_length=60)
    name_zh = models.CharField(_("seal text (Chinese)"), max_length=200)
    name_en = models.CharField(_("seal name (English)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SealKind.choices)
    keeper_unit = models.ForeignKey(
        "core.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("keeping unit")
    )
    reason = models.TextField(_("reason"))
    seal = models.OneToOneField(
        Seal, null=True, blank=True, on_delete=models.PROTECT, related_name="engraving", verbose_name=_("seal engraved")
    )
    handed_over_to = models.CharField(_("handed over to"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("seal engraving request")
        verbose_name_plural = _("seal engraving requests")
