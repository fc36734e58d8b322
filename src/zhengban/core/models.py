"""The organization: units, posts, the establishment quota, people, roles and delegation."""

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zhengban.audit.models import AuditedSubject


class Clearance(models.IntegerChoices):
    NONE = 0, _("None")
    SECRET = 1, _("Secret (秘密)")
    CONFIDENTIAL = 2, _("Confidential (机密)")
    TOP_SECRET = 3, _("Top secret (绝密)")


class RoleCode(models.TextChoices):
    CLERK = "clerk", _("Clerk")
    DEPUTY_CHIEF = "deputy-chief", _("Deputy section chief")
    CHIEF = "chief", _("Section chief")
    DEPUTY_SECRETARY_GENERAL = "deputy-secretary-general", _("Deputy secretary-general")
    SECRETARY_GENERAL = "secretary-general", _("Secretary-general")
    VICE_MAYOR = "vice-mayor", _("Vice mayor")
    MAYOR = "mayor", _("Mayor")
    DUTY_OFFICER = "duty-officer", _("Duty officer")
    SUPERVISION_OFFICER = "supervision-officer", _("Supervision officer")
    PETITION_OFFICER = "petition-officer", _("Petition officer")
    FOREIGN_AFFAIRS_OFFICER = "foreign-affairs-officer", _("Foreign-affairs officer")
    ARCHIVIST = "archivist", _("Archivist")
    SYSTEM_ADMINISTRATOR = "system-administrator", _("System administrator")


LEADER_ROLES = frozenset(
    {
        RoleCode.DEPUTY_SECRETARY_GENERAL,
        RoleCode.SECRETARY_GENERAL,
        RoleCode.VICE_MAYOR,
        RoleCode.MAYOR,
    }
)
UNIT_HEAD_ROLES = frozenset({RoleCode.CHIEF, RoleCode.DEPUTY_CHIEF})


class BilingualName(models.Model):
    name_zh = models.CharField(_("Chinese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)

    class Meta:
        abstract = True

    @property
    def name(self):
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh

    def __str__(self):
        return self.name


class OrganizationProfile(BilingualName, AuditedSubject):
    """The office whose profile is loaded: one row per deployment.

    Office-wide quotas and leadership posts of the government and the office hang on no unit:
    they belong to this organization as a whole.
    """

    code = models.SlugField(_("code"), unique=True)
    government_name_zh = models.CharField(_("government (Chinese)"), max_length=200, blank=True)
    government_name_en = models.CharField(_("government (English)"), max_length=200, blank=True)
    city_zh = models.CharField(_("city (Chinese)"), max_length=100)
    city_en = models.CharField(_("city (English)"), max_length=100)
    source = models.CharField(_("source"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("organization profile")
        verbose_name_plural = _("organization profiles")


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", _("Municipal government")
    OFFICE = "office", _("Office")
    SECTION = "section", _("Section")
    INSTITUTION = "institution", _("Public institution")
    SERVICE = "service", _("Service department")


class Unit(BilingualName, AuditedSubject):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent unit")
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    responsibilities_zh = models.TextField(_("responsibilities (Chinese)"), blank=True)
    responsibilities_en = models.TextField(_("responsibilities (English)"), blank=True)
    # Each subject area is {"zh": "…", "en": "…"}; word lists feed routing.
    subject_areas = models.JSONField(_("subject areas"), default=list, blank=True)
    routing_words_zh = models.JSONField(_("routing words (Chinese)"), default=list, blank=True)
    routing_words_en = models.JSONField(_("routing words (English)"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    @property
    def responsibilities(self):
        return self.responsibilities_en if (get_language() or "").startswith("en") else self.responsibilities_zh


class QuotaCategory(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrative establishment (行政编制)")
    INSTITUTION = "institution", _("Institution establishment (事业编制)")
    WORKER = "worker", _("Logistics staff (工勤)")
    LEADERSHIP = "leadership", _("Leadership posts (领导职数)")
    SECTION_LEADERSHIP = "section-leadership", _("Section-level leadership posts (科级领导职数)")
    GOVERNMENT = "government", _("City government leaders (市政府领导)")


class Quota(AuditedSubject):
    """Authorized establishment (编制) in one category: of a unit, or (unit empty) of the office as a whole.

    A unit with quota rows of its own (a separately established institution) is outside the
    office-wide pool; the pool covers every other unit and the posts that hang on no unit.
    `within` says that these places are part of another category's places, e.g. leadership posts
    (领导职数) are counted inside the administrative establishment (行政编制).
    `authorized` empty means the figure is unknown (see authorized_as_given and the note): no limit.
    """

    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("unit")
    )
    category = models.CharField(_("category"), max_length=20, choices=QuotaCategory.choices)
    within = models.CharField(_("counted within"), max_length=20, choices=QuotaCategory.choices, blank=True)
    authorized = models.PositiveIntegerField(_("authorized"), null=True, blank=True)
    authorized_as_given = models.CharField(_("figure as given in the source"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "category"], name="quota_unit_category"),
            models.UniqueConstraint(
                fields=["category"], condition=Q(unit__isnull=True), name="quota_office_category"
            ),
        ]
        ordering = ["unit__sort_order", "category"]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")

    def __str__(self):
        where = self.unit.name if self.unit_id else _("Office as a whole")
        figure = self.authorized if self.authorized is not None else (self.authorized_as_given or "?")
        return f"{where} · {self.get_category_display()}: {figure}"


class PostKind(BilingualName, AuditedSubject):
    """A kind of post: mayor, vice mayor, section chief…"""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    rank = models.PositiveIntegerField(_("rank"), default=100, help_text=_("Lower is more senior."))
    role = models.CharField(_("role"), max_length=40, choices=RoleCode.choices, blank=True)

    class Meta:
        ordering = ["rank", "code"]
        verbose_name = _("post kind")
        verbose_name_plural = _("post kinds")


class Post(BilingualName, AuditedSubject):
    """A post in a unit (or, unit empty, of the government or office as a whole), counted against a quota."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    kind = models.ForeignKey(PostKind, on_delete=models.PROTECT, related_name="posts", verbose_name=_("kind"))
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="posts", verbose_name=_("unit")
    )
    quota_category = models.CharField(_("quota category"), max_length=20, choices=QuotaCategory.choices)
    seats = models.PositiveIntegerField(_("seats"), default=1)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["unit__sort_order", "kind__rank", "code"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")


class DocumentPrefix(BilingualName, AuditedSubject):
    """An issuing organ's code (机关代字) for document numbers, e.g. 衡政发."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    prefix = models.CharField(_("prefix"), max_length=40, unique=True)
    pattern = models.CharField(_("pattern"), max_length=80, default="{prefix}〔{year}〕{n}号")
    issuer_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("unit keeping the register")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("document number prefix")
        verbose_name_plural = _("document number prefixes")


class PersonManager(UserManager):
    def create_user(self, username, email=None, password=None, **extra_fields):
        return super().create_user(username, email, password, **extra_fields)


class Person(AbstractBaseUser, PermissionsMixin, AuditedSubject):
    username = models.CharField(_("username"), max_length=150, unique=True)
    full_name = models.CharField(_("name"), max_length=100)
    full_name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    clearance = models.PositiveSmallIntegerField(_("clearance"), choices=Clearance.choices, default=Clearance.NONE)
    language = models.CharField(_("language"), max_length=10, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("admin site access"), default=False)
    is_sample = models.BooleanField(
        _("sample"), default=False, help_text=_("Demo person: sample data, not a real official.")
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = PersonManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["unit__sort_order", "username"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if self.full_name_en and (get_language() or "").startswith("en"):
            return self.full_name_en
        return self.full_name or self.username

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name

    def role_codes(self):
        if not hasattr(self, "_role_codes"):
            self._role_codes = frozenset(self.roles.values_list("role", flat=True))
        return self._role_codes

    def has_role(self, *codes):
        return bool(self.role_codes() & set(codes))

    @property
    def is_system_administrator(self):
        return self.is_superuser or self.has_role(RoleCode.SYSTEM_ADMINISTRATOR)

    @property
    def is_leader(self):
        return bool(self.role_codes() & LEADER_ROLES)


class PersonRole(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles", verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=40, choices=RoleCode.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "role"], name="person_role_unique")]
        ordering = ["role"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self):
        return self.get_role_display()


class AppointmentQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gte=on)))


class Appointment(models.Model):
    """A person holding a post; beyond-quota appointments carry an administrator's override."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="appointments", verbose_name=_("person")
    )
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("post"))
    start = models.DateField(_("start"), default=timezone.localdate)
    end = models.DateField(_("end"), null=True, blank=True)
    override_reason = models.TextField(_("quota override reason"), blank=True)
    override_by = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quota_overrides",
        verbose_name=_("override recorded by"),
    )

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["post__unit__sort_order", "post__kind__rank", "start"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")


class DelegationQuerySet(models.QuerySet):
    def active(self, at=None):
        at = at or timezone.now()
        return self.filter(start__lte=at, end__gt=at, revoked_at__isnull=True)


class Delegation(models.Model):
    """Someone acts for a person on leave between two times; their acts say "on behalf of"."""

    principal = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="delegations_given", verbose_name=_("on behalf of")
    )
    delegate = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="delegations_received", verbose_name=_("delegate")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    reason = models.CharField(_("reason"), max_length=300)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="delegation_end_after_start")]
