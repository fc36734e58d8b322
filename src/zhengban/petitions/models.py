"""A petition (信访事项): the matter's own facts, its petitioners, the visitors' register, and the
public form's rate-limit hits."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengban.engine.models import Matter

PROTECTED = "（已保护）"


class Channel(models.TextChoices):
    LETTER = "letter", _("Letter (来信)")
    VISIT = "visit", _("Visit (来访)")
    PHONE = "phone", _("Phone (来电)")
    ONLINE = "online", _("Online (网上信访)")


class Category(models.TextChoices):
    SUGGESTION = "suggestion", _("Suggestion (建议)")
    ACCUSATION = "accusation", _("Accusation or complaint (检举控告)")
    CLAIM = "claim", _("Claim or appeal (申诉求决)")


class Place(models.TextChoices):
    """The 12 counties, county-level cities and districts of Hengyang (属地管理)."""

    YANFENG = "yanfeng-district", _("Yanfeng District (雁峰区)")
    ZHUHUI = "zhuhui-district", _("Zhuhui District (珠晖区)")
    SHIGU = "shigu-district", _("Shigu District (石鼓区)")
    ZHENGXIANG = "zhengxiang-district", _("Zhengxiang District (蒸湘区)")
    NANYUE = "nanyue-district", _("Nanyue District (南岳区)")
    HENGYANG = "hengyang-county", _("Hengyang County (衡阳县)")
    HENGNAN = "hengnan-county", _("Hengnan County (衡南县)")
    HENGSHAN = "hengshan-county", _("Hengshan County (衡山县)")
    HENGDONG = "hengdong-county", _("Hengdong County (衡东县)")
    QIDONG = "qidong-county", _("Qidong County (祁东县)")
    LEIYANG = "leiyang-city", _("Leiyang City (耒阳市)")
    CHANGNING = "changning-city", _("Changning City (常宁市)")


class Outcome(models.TextChoices):
    SUPPORT = "support", _("Supported (支持)")
    EXPLAIN = "explain", _("Explained (解释说明)")
    NOT_SUPPORT = "not-support", _("Not supported (不予支持)")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied (满意)")
    BASICALLY = "basically-satisfied", _("Basically satisfied (基本满意)")
    DISSATISFIED = "dissatisfied", _("Dissatisfied (不满意)")


class Mode(models.TextChoices):
    FORWARD = "forward", _("Forwarded (转送)")
    ASSIGN = "assign", _("Assigned (交办)")


class Petition(models.Model):
    matter = models.OneToOneField(Matter, on_delete=models.CASCADE, primary_key=True, related_name="petition")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    place = models.CharField(_("place"), max_length=30, choices=Place.choices)
    against_officials = models.BooleanField(_("against officials"), default=False)
    query_code = models.CharField(max_length=16, unique=True)
    is_repeat = models.BooleanField(_("repeat"), default=False, db_index=True)
    repeat_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="repeats")
    refusal_reason = models.TextField(_("reason not accepted"), blank=True)
    mode = models.CharField(_("decision"), max_length=10, choices=Mode.choices, blank=True)
    receiving_body = models.ForeignKey(
        "documents.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("receiving body"),
    )
    forwarded_at = models.DateTimeField(null=True, blank=True)
    object_by = models.DateTimeField(null=True, blank=True)
    assigned_due = models.DateField(_("assigned deadline"), null=True, blank=True)
    acceptance_notice = models.TextField(_("acceptance notice"), blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(default=0)
    extension_notice = models.TextField(_("extension notice"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    reply = models.TextField(_("written reply"), blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    review_by = models.DateTimeField(null=True, blank=True)
    review_decision = models.TextField(_("review decision (复查意见)"), blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    re_review_by = models.DateTimeField(null=True, blank=True)
    re_review_decision = models.TextField(_("second review decision (复核意见)"), blank=True)
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        indexes = [
            models.Index(fields=["channel"], name="petition_channel"),
            models.Index(fields=["category"], name="petition_category"),
            models.Index(fields=["place"], name="petition_place"),
        ]

    def __str__(self):
        return self.matter.number or f"#{self.pk}"

    @property
    def protected(self):
        """An accuser's identity is shown only to those handling the petition."""
        return self.category == Category.ACCUSATION


class Petitioner(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="petitioners")
    name = models.CharField(_("name"), max_length=100)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, db_index=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        ordering = ["petition", "id"]


class Visit(models.Model):
    """The visitors' register (来访登记) of a petition brought in person."""

    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, primary_key=True, related_name="visit")
    arrived_at = models.DateTimeField(_("arrival time"))
    visitors = models.PositiveSmallIntegerField(_("number of visitors"))
    reception_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reception officer")
    )


class RateHit(models.Model):
    """One use of a public endpoint by a key (an IP address or a contact); kept in the database so
    every app server counts the same hits."""

    key = models.CharField(max_length=120)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["key", "at"], name="petition_ratehit_key_at")]
