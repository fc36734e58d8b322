"""The register of seals (印章)."""

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

    def __str__(self):
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh
