"""The working-day calendar kept in the database: the State Council's notices, year by year."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengban.audit.models import AuditedSubject
from zhengban.core import rows


class CalendarYear(AuditedSubject):
    """One year's holiday notice; `official` says the override table holds the whole notice.

    Imports and edits of the year's days append to this row's audit chain.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    official = models.BooleanField(
        _("official"),
        default=False,
        help_text=_("The days of this year are complete from the State Council's notice; deadlines in it are final."),
    )
    source = models.TextField(_("source"), blank=True, help_text=_("The notice this year's days come from."))

    class Meta:
        ordering = ["year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self):
        return str(self.year)


class CalendarOverride(models.Model):
    """A day whose status differs from the plain rule: a public holiday or a make-up working day (调休)."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    name_zh = models.CharField(_("name (Chinese)"), max_length=60, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=60, blank=True)
    source = models.TextField(_("source"), blank=True)
    notice = models.ForeignKey(
        CalendarYear,
        verbose_name=_("notice year"),
        on_delete=models.CASCADE,
        related_name="days",
        help_text=_("The year whose notice set this day (a notice may reach into the year before)."),
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self):
        return f"{self.date} {'+' if self.is_workday else '-'} {self.name_zh or self.name_en}"


class CalendarRevision(models.Model):
    """A single row whose random token changes with every calendar change.

    Processes cache the calendar keyed by this token: a changed token (or a rolled-back change,
    which restores the old token) makes every process reload, so no one sees stale days.
    """

    token = models.CharField(max_length=32)

    @classmethod
    def current(cls):
        # Read on every deadline computed by an action: one primary-key statement without the ORM's
        # query compilation (see core.rows).
        found = rows.select(cls, {"pk": 1})
        return found[0].token if found else ""

    @classmethod
    def read_ahead(cls):
        """An action that will compute a deadline asks for the token together with its first
        statement (core.rows.select_ahead); `current` is then answered from that read."""
        rows.select_ahead(cls, {"pk": 1})

    @classmethod
    def bump(cls):
        cls.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})
