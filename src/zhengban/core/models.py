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


class OrganizationProfile(BilingualName):
    """The office whose profile is loaded: one row per deployment."""

    code = models.SlugField(unique=True)
    city_zh = models.CharField(max_length=100)
    city_en = models.CharField(max_length=100)
    source = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)
    loaded_at = models.DateTimeField(null=True, blank=True)


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", _("Municipal government")
    OFFICE = "office", _("Office")
    SECTION = "section", _("Section")
    INSTITUTION = "institution", _("Public institution")
    SERVICE = "service", _("Service department")


class Unit(BilingualName, AuditedSubject):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    sort_order = models.PositiveIntegerField(default=0)
    responsibilities_zh = models.TextField(blank=True)
    responsibilities_en = models.TextField(blank=True)
    # Each subject area is {"zh": "…", "en": "…"}; word lists feed routing.
    subject_areas = models.JSONField(default=list, blank=True)
    routing_words_zh = models.JSONField(default=list, blank=True)
    routing_words_en = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)

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


class Quota(models.Model):
    """Authorized establishment (编制) of a unit in one category."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="quotas")
    category = models.CharField(max_length=20, choices=QuotaCategory.choices)
    authorized = models.PositiveIntegerField(null=True, blank=True)
    authorized_as_given = models.CharField(max_length=100, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "category"], name="quota_unit_category")]
        ordering = ["unit__sort_order", "category"]


class PostKind(BilingualName):
    """A kind of post: mayor, vice mayor, section chief…"""

    code = models.SlugField(max_length=60, unique=True)
    rank = models.PositiveIntegerField(default=100, help_text="Lower is more senior.")
    role = models.CharField(max_length=40, choices=RoleCode.choices, blank=True)

    class Meta:
        ordering = ["rank", "code"]


class Post(BilingualName, AuditedSubject):
    """A post in a unit, counted against the unit's quota in one category."""

    code = models.SlugField(max_length=80, unique=True)
    kind = models.ForeignKey(PostKind, on_delete=models.PROTECT, related_name="posts")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="posts")
    quota_category = models.CharField(max_length=20, choices=QuotaCategory.choices)
    seats = models.PositiveIntegerField(default=1)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["unit__sort_order", "kind__rank", "code"]


class DocumentPrefix(BilingualName):
    """An issuing organ's code (机关代字) for document numbers, e.g. 衡政发."""

    code = models.SlugField(max_length=60, unique=True)
    prefix = models.CharField(max_length=40, unique=True)
    pattern = models.CharField(max_length=80, default="{prefix}〔{year}〕{n}号")
    issuer_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]


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
    is_sample = models.BooleanField(default=False, help_text="Demo person: sample data, not a real official.")
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
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=40, choices=RoleCode.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "role"], name="person_role_unique")]
        ordering = ["role"]

    def __str__(self):
        return self.get_role_display()


class AppointmentQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gte=on)))


class Appointment(models.Model):
    """A person holding a post; beyond-quota appointments carry an administrator's override."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="appointments")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="appointments")
    start = models.DateField(default=timezone.localdate)
    end = models.DateField(null=True, blank=True)
    override_reason = models.TextField(blank=True)
    override_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="quota_overrides"
    )

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["post__unit__sort_order", "post__kind__rank", "start"]


class DelegationQuerySet(models.QuerySet):
    def active(self, at=None):
        at = at or timezone.now()
        return self.filter(start__lte=at, end__gt=at, revoked_at__isnull=True)


class Delegation(models.Model):
    """Someone acts for a person on leave between two times; their acts say "on behalf of"."""

    principal = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="delegations_given")
    delegate = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="delegations_received")
    start = models.DateTimeField()
    end = models.DateTimeField()
    reason = models.CharField(max_length=300)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        constraints = [models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="delegation_end_after_start")]
