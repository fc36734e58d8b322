"""Official documents (公文): the record of the 18 elements, shared by incoming and outgoing flows,
and the directory of organizations documents come from and go to."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zhengban.engine.models import Matter


class DocType(models.TextChoices):
    """The 15 types of the 党政机关公文处理工作条例 (2012), art. 8."""

    RESOLUTION = "resolution", _("Resolution (决议)")
    DECISION = "decision", _("Decision (决定)")
    ORDER = "order", _("Order (命令(令))")
    COMMUNIQUE = "communique", _("Communiqué (公报)")
    ANNOUNCEMENT = "announcement", _("Announcement (公告)")
    PUBLIC_NOTICE = "public-notice", _("Public notice (通告)")
    OPINION = "opinion", _("Opinion (意见)")
    NOTICE = "notice", _("Notice (通知)")
    BULLETIN = "bulletin", _("Bulletin (通报)")
    REPORT = "report", _("Report (报告)")
    REQUEST = "request", _("Request for instructions (请示)")
    REPLY = "reply", _("Official reply (批复)")
    MOTION = "motion", _("Motion (议案)")
    LETTER = "letter", _("Letter (函)")
    MINUTES = "minutes", _("Minutes (纪要)")


# Upward documents (上行文) need a 签发人 and put the number on the left beside it.
UPWARD_TYPES = frozenset({DocType.REPORT, DocType.REQUEST, DocType.MOTION})


class Direction(models.TextChoices):
    INCOMING = "incoming", _("Incoming (收文)")
    OUTGOING = "outgoing", _("Outgoing (发文)")


class OrganizationKind(models.TextChoices):
    CENTRAL = "central", _("Central government")
    PROVINCIAL = "provincial", _("Provincial government or department")
    MUNICIPAL_PARTY = "municipal-party", _("Municipal Party committee and bodies")
    MUNICIPAL_CONGRESS = "municipal-congress", _("Municipal People's Congress / CPPCC")
    MUNICIPAL_DEPARTMENT = "municipal-department", _("Municipal government department")
    COUNTY = "county", _("County, county-level city or district government")
    ENTERPRISE = "enterprise", _("Enterprise or institution")
    OTHER = "other", _("Other")


class Organization(models.Model):
    """A sender or recipient of documents: a maintained directory, not free text."""

    code = models.SlugField(max_length=80, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    short_name_zh = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind.choices)
    is_higher_level = models.BooleanField(
        _("higher level"), default=False, help_text=_("Documents to it are upward (上行文).")
    )
    handling_unit = models.ForeignKey(
        "core.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("The section that usually handles this organization's documents (a routing signal)."),
    )
    active = models.BooleanField(default=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name_zh


class Document(models.Model):
    """One document, incoming or outgoing, hanging off its matter.

    The matter holds title (标题), body (正文), classification (密级) and its period (保密期限),
    urgency (紧急程度) and, for outgoing documents, the assigned 发文字号 (matter.number).
    """

    matter = models.OneToOneField(Matter, on_delete=models.CASCADE, primary_key=True, related_name="document")
    direction = models.CharField(max_length=10, choices=Direction.choices)
    doc_type = models.CharField(_("type"), max_length=20, choices=DocType.choices)
    # 发文机关标志 and 发文机关署名
    issuer_mark = models.CharField(_("issuer mark"), max_length=100, blank=True)
    issuer_signature = models.CharField(_("issuer signature"), max_length=200, blank=True)
    number_prefix = models.ForeignKey(
        "core.DocumentPrefix", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("Outgoing: the sequence the 发文字号 is taken from at registration."),
    )
    # Incoming: the 发文字号 as printed on the sender's document.
    sender_number = models.CharField(_("sender's document number"), max_length=80, blank=True)
    sender = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="sent_documents",
        verbose_name=_("sender"),
    )
    main_recipients = models.ManyToManyField(
        Organization, blank=True, related_name="main_documents", verbose_name=_("main recipients")
    )
    cc_recipients = models.ManyToManyField(
        Organization, blank=True, related_name="cc_documents", verbose_name=_("copy recipients")
    )
    signers = models.JSONField(_("signers (签发人)"), default=list, blank=True)
    copy_count = models.PositiveIntegerField(_("copies"), null=True, blank=True)
    copy_numbers = models.CharField(_("copy numbers (份号)"), max_length=200, blank=True)
    attachment_note = models.TextField(_("attachment note (附件说明)"), blank=True)
    written_date = models.DateField(_("date written (成文日期)"), null=True, blank=True)
    annotation = models.TextField(_("annotation (附注)"), blank=True)
    printing_organ = models.CharField(_("printing organ"), max_length=200, blank=True)
    printing_date = models.DateField(_("printing date"), null=True, blank=True)
    seal = models.ForeignKey("seals.Seal", null=True, blank=True, on_delete=models.PROTECT, related_name="documents")
    seal_impressions = models.PositiveIntegerField(_("seal impressions"), null=True, blank=True)
    carries_several_matters = models.BooleanField(
        _("carries several matters"), default=False, help_text=_("A 请示 must carry one matter only.")
    )
    important = models.BooleanField(
        _("important"), default=False, help_text=_("Important documents are signed by the principal leader.")
    )
    # Incoming: 签收 and 登记
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    received_copies = models.PositiveIntegerField(_("copies received"), null=True, blank=True)
    for_action = models.BooleanField(_("for action"), default=True)
    instruction = models.TextField(_("instruction (批示)"), blank=True)
    instructed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result = models.TextField(_("result"), blank=True)
    # Where the paper is now (传阅): a person while it circulates.
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["direction", "doc_type"], name="document_direction_type")]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    @property
    def is_upward(self):
        return self.doc_type in UPWARD_TYPES


class Delivery(models.Model):
    """One recipient's copy of a dispatched outgoing document (核发), and its receipt."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="deliveries")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    copy_role = models.CharField(max_length=10, choices=[("main", _("main")), ("cc", _("copy"))])
    copies = models.PositiveIntegerField(default=1)
    copy_numbers = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    received_by_name = models.CharField(max_length=100, blank=True)
    # The clerk who recorded the receipt (the recipient itself has no login).
    receipt_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "organization", "copy_role"], name="delivery_unique")
        ]
