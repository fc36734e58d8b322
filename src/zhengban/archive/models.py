"""The archive (档案): the file plan, archived records with their 档号, legal holds, disposition
lists and fixity checks of archived files.

An ArchiveRecord is immutable once written: its save() refuses changes unless an archive action
makes them (metadata correction, disposition), and it can never be deleted.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zhengban.audit.models import AuditedSubject
from zhengban.core.errors import Conflict
from zhengban.core.models import Clearance


class Retention(models.TextChoices):
    """Retention periods (保管期限) with their codes in the 档号 (DA/T 22-2015)."""

    PERMANENT = "Y", _("Permanent (永久)")
    YEARS_30 = "D30", _("30 years (30年)")
    YEARS_10 = "D10", _("10 years (10年)")


RETENTION_YEARS = {Retention.PERMANENT: None, Retention.YEARS_30: 30, Retention.YEARS_10: 10}


class FileCategory(AuditedSubject):
    """One class of the file plan (归档范围和保管期限表): what is filed there and for how long."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    retention = models.CharField(_("retention"), max_length=4, choices=Retention.choices)
    description = models.TextField(_("what is filed here"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("file plan category")
        verbose_name_plural = _("file plan categories")

    @property
    def name(self):
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh

    def __str__(self):
        return f"{self.code} {self.name}"


class ArchiveRecord(AuditedSubject):
    """A finished matter filed in the archive under its archive number (档号)."""

    matter = models.OneToOneField(
        "engine.Matter", on_delete=models.PROTECT, related_name="archive_record", verbose_name=_("matter")
    )
    archive_number = models.CharField(_("archive number (档号)"), max_length=80, unique=True)
    fonds = models.CharField(_("fonds (全宗号)"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.ForeignKey(FileCategory, on_delete=models.PROTECT, related_name="records", verbose_name=_("category"))
    item_number = models.PositiveIntegerField(_("item number (件号)"))
    retention = models.CharField(_("retention"), max_length=4, choices=Retention.choices)
    retention_until = models.DateField(_("kept until"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    classification = models.PositiveSmallIntegerField(_("classification"), choices=Clearance.choices, default=0)
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("archiving unit"))
    archived_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("archived by"))
    archived_at = models.DateTimeField(_("archived at"))
    note = models.TextField(_("note"), blank=True)
    disposed_at = models.DateTimeField(_("disposed at"), null=True, blank=True)
    disposition = models.ForeignKey("engine.Matter", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("disposition list"))
    disposition_kind = models.CharField(_("disposition"), max_length=20, blank=True)

    class Meta:
        ordering = ["-year", "category__sort_order", "item_number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "category", "item_number"], name="archive_record_item"),
        ]
        indexes = [
            models.Index(fields=["retention_until"], name="archive_record_until"),
            models.Index(fields=["year", "category"], name="archive_record_year_cat"),
        ]
        verbose_name = _("archive record")
        verbose_name_plural = _("archive records")

    def __str__(self):
        return f"{self.archive_number} {self.title}"

    def save(self, *args, through_action=False, **kwargs):
        # Archived means fixed: only the archive's own actions (correction, disposition) write to a
        # stored record, and each of them writes an audit event with the old and new values.
        if not self._state.adding and not through_action:
            raise Conflict(_("An archived record cannot be changed; use a metadata correction."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Conflict(_("An archived record is never deleted; it leaves the archive only through a disposition list."))

    @property
    def is_disposed(self):
        return self.disposed_at is not None


class LegalHold(models.Model):
    """A hold (冻结) on a record: while active, the record cannot be disposed."""

    record = models.ForeignKey(ArchiveRecord, on_delete=models.PROTECT, related_name="holds", verbose_name=_("record"))
    reason = models.TextField(_("reason"))
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("placed by"))
    placed_at = models.DateTimeField(_("placed at"))
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("released by"))
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    release_reason = models.TextField(_("reason for release"), blank=True)

    class Meta:
        ordering = ["-placed_at", "-id"]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")

    @property
    def active(self):
        return self.released_at is None


class DispositionKind(models.TextChoices):
    DESTRUCTION = "destruction", _("Destruction (销毁)")
    TRANSFER = "transfer", _("Transfer to the municipal archives (移交)")


class DispositionList(models.Model):
    """A disposition list (销毁清册 / 移交清册); the matter of type "disposition" carries its approval."""

    matter = models.OneToOneField("engine.Matter", on_delete=models.PROTECT, primary_key=True,
                                  related_name="disposition_list")
    number = models.CharField(_("list number"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DispositionKind.choices)
    as_of = models.DateField(_("due as of"))
    held_excluded = models.PositiveIntegerField(_("due but held, left off"), default=0)
    executed_at = models.DateTimeField(_("executed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("disposition list")
        verbose_name_plural = _("disposition lists")


class DispositionEntry(models.Model):
    """A record on a list, with what it was (kept forever, even after destruction)."""

    list = models.ForeignKey(DispositionList, on_delete=models.PROTECT, related_name="entries")
    record = models.ForeignKey(ArchiveRecord, on_delete=models.PROTECT, related_name="disposition_entries")
    archive_number = models.CharField(_("archive number (档号)"), max_length=80)
    title = models.CharField(_("title"), max_length=300)
    classification = models.PositiveSmallIntegerField(_("classification"), choices=Clearance.choices, default=0)
    retention = models.CharField(_("retention"), max_length=4, choices=Retention.choices)
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        ordering = ["archive_number"]
        constraints = [models.UniqueConstraint(fields=["list", "record"], name="disposition_entry_unique")]


class ArchiveFixityCheck(models.Model):
    """One re-hash of an archived record's attachment: was the stored file still the one archived?"""

    record = models.ForeignKey(ArchiveRecord, on_delete=models.PROTECT, related_name="fixity_checks")
    attachment = models.ForeignKey("attachments.Attachment", on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(_("checked at"), db_index=True)
    expected_sha256 = models.CharField(_("expected SHA-256"), max_length=64)
    found_sha256 = models.CharField(_("found SHA-256"), max_length=64, blank=True)
    ok = models.BooleanField(_("intact"))
    problem = models.CharField(_("problem"), max_length=20, blank=True)

    class Meta:
        ordering = ["-checked_at", "-id"]
        verbose_name = _("fixity check")
        verbose_name_plural = _("fixity checks")
