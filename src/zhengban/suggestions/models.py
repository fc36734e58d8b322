"""Sessions of the People's Congress and the CPPCC, the suggestions and proposals raised at them,
their authors, the reply letters each author receives, the authors' feedback, and the result codes
(A/B/C/D) as data the Supervision Office can change."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zhengban.audit.models import AuditedSubject
from zhengban.engine.models import Matter


class Kind(models.TextChoices):
    NPC = "npc", _("Deputies' suggestion (人大代表建议)")
    CPPCC = "cppcc", _("Members' proposal (政协委员提案)")


class Session(AuditedSubject):
    """One session (会议) of the municipal People's Congress or the CPPCC, e.g. 衡阳市第十七届人民代表大会第五次会议."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["-year", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="suggestion_session_unique")]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return self.name


class ResultCode(AuditedSubject):
    """A handling result code (A solved, B being solved or planned, C later, D for reference)."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    label_zh = models.CharField(_("Chinese label"), max_length=100)
    label_en = models.CharField(_("English label"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("result code")
        verbose_name_plural = _("result codes")

    @property
    def label(self):
        return self.label_en if (get_language() or "").startswith("en") else self.label_zh

    def __str__(self):
        return f"{self.code} {self.label}"


class Feedback(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied (满意)")
    BASICALLY_SATISFIED = "basically-satisfied", _("Basically satisfied (基本满意)")
    DISSATISFIED = "dissatisfied", _("Dissatisfied (不满意)")


class Suggestion(models.Model):
    """The suggestion side of a matter of type "suggestion" (NPC) or of a CPPCC proposal.

    A split item (分办) keeps its row and gets one part per lead unit (`parent`); a merged item
    (并案) points at the item that is handled for it (`merged_into`).
    """

    matter = models.OneToOneField(Matter, on_delete=models.CASCADE, primary_key=True, related_name="suggestion")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="items", verbose_name=_("session"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=40)
    category = models.CharField(_("category"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="parts", verbose_name=_("split from")
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged", verbose_name=_("merged into")
    )
    recommended_unit = models.CharField(_("recommended unit"), max_length=60, blank=True)
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    return_by = models.DateTimeField(_("may be returned until"), null=True, blank=True)
    round = models.PositiveSmallIntegerField(_("handling round"), default=1)
    result_code = models.CharField(_("result code"), max_length=8, blank=True, db_index=True)
    first_replied_at = models.DateTimeField(_("first replied"), null=True, blank=True)
    replied_on_time = models.BooleanField(_("replied on time"), null=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    feedback = models.CharField(_("author's feedback"), max_length=30, choices=Feedback.choices, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "number"], name="suggestion_number_unique")]
        indexes = [models.Index(fields=["session", "kind"], name="suggestion_session_kind")]
        verbose_name = _("suggestion or proposal")
        verbose_name_plural = _("suggestions and proposals")

    def __str__(self):
        return str(self.matter)

    @property
    def lead_author(self):
        authors = list(self.authors.all())
        return authors[0] if authors else None


class Author(models.Model):
    """A deputy or member who raised the item; position 0 is the lead author (领衔人)."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="authors")
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["suggestion", "position"]
        constraints = [models.UniqueConstraint(fields=["suggestion", "position"], name="suggestion_author_position")]

    def __str__(self):
        return self.name


class ReplyLetter(models.Model):
    """The reply one author receives for one round of handling (every author of a merged item too)."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="letters")
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="letters")
    round = models.PositiveSmallIntegerField(default=1)
    result_code = models.CharField(_("result code"), max_length=8)
    text = models.TextField(_("reply"))
    lead_unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, related_name="+")
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    replied_at = models.DateTimeField(_("replied"))

    class Meta:
        ordering = ["suggestion", "round", "author__suggestion", "author__position"]
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "author", "round"], name="suggestion_letter_unique"),
        ]


class FeedbackRecord(models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="feedback_records")
    round = models.PositiveSmallIntegerField()
    feedback = models.CharField(_("feedback"), max_length=30, choices=Feedback.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "id"]


class UnitReturn(models.Model):
    """A unit's return of an item to the Supervision Office (not its matter), with the reason."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="returns")
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField()

    class Meta:
        ordering = ["returned_at", "id"]
