"""Gap-free number sequences: one counter row per (sequence key, year)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengban.audit.models import AuditedSubject


class Sequence(AuditedSubject):
    """The last number handed out in a sequence for a year, e.g. 衡政发 in 2026 → 12.

    Rows are changed only by `assign_number` inside an acting transaction; a superuser's
    correction in the admin is written to the row's audit chain.
    """

    key = models.CharField(_("sequence"), max_length=60, help_text=_("The prefix code, e.g. hzf for 衡政发."))
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number issued"), default=0)

    class Meta:
        ordering = ["key", "-year"]
        constraints = [models.UniqueConstraint(fields=["key", "year"], name="numbering_sequence_key_year")]
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")

    def __str__(self):
        return f"{self.key} {self.year}: {self.last}"
