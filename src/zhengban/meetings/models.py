"""Government meetings (会议): their types as data, rooms and bookings, topics proposed for the
agenda (议题), the agenda, attendance and sign-in, the minutes (纪要) and their numbered decisions."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zhengban.audit.models import AuditedSubject
from zhengban.core.models import RoleCode
from zhengban.engine.models import Matter


class MeetingType(AuditedSubject):
    """A kind of meeting with its default attendee rules, edited by administrators.

    `attendee_roles` are the roles whose holders attend (出席); `in_attendance_units` the units whose
    chiefs sit in (列席); the chair is the holder of `chair_role` unless a meeting names one.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    minutes_mark = models.CharField(_("minutes issuer mark"), max_length=100,
                                    help_text=_("Printed at the head of the minutes, e.g. 衡阳市人民政府常务会议纪要."))
    chair_role = models.CharField(_("chair's role"), max_length=40, choices=RoleCode.choices, default=RoleCode.MAYOR)
    attendee_roles = models.JSONField(_("attending roles"), default=list, blank=True)
    in_attendance_units = models.JSONField(_("units sitting in (chiefs)"), default=list, blank=True)
    max_per_month = models.PositiveSmallIntegerField(_("at most per month"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("meeting type")
        verbose_name_plural = _("meeting types")

    @property
    def name(self):
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh

    def __str__(self):
        return self.name


class Room(AuditedSubject):
    """A meeting room; its bookings are checked for overlaps under a lock on this row."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    location = models.CharField(_("location"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("seats"), default=20)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("meeting room")
        verbose_name_plural = _("meeting rooms")

    @property
    def name(self):
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh

    def __str__(self):
        return self.name


class Booking(models.Model):
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("room"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    purpose = models.CharField(_("purpose"), max_length=300)
    meeting = models.ForeignKey("Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="bookings")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["room", "starts_at"], name="booking_room_start")]
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="booking_ends_after_start")]


class Meeting(models.Model):
    """The meeting side of a matter of type "meeting"; the matter's number is the minutes' number."""

    matter = models.OneToOneField(Matter, on_delete=models.CASCADE, primary_key=True, related_name="meeting")
    meeting_type = models.ForeignKey(MeetingType, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("type"))
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("room"))
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="chaired_meetings",
                              verbose_name=_("chair"))
    minutes_body = models.TextField(_("minutes"), blank=True)
    minutes_signed_at = models.DateTimeField(_("minutes signed"), null=True, blank=True)
    minutes_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return str(self.matter)


class Topic(models.Model):
    """A topic proposed for a meeting's agenda (议题) by a department, through its responsible leader."""

    matter = models.OneToOneField(Matter, on_delete=models.CASCADE, primary_key=True, related_name="topic")
    meeting_type = models.ForeignKey(MeetingType, on_delete=models.PROTECT, related_name="topics", verbose_name=_("for meeting type"))
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="meeting_topics",
                               verbose_name=_("responsible leader"))

    class Meta:
        verbose_name = _("meeting topic")
        verbose_name_plural = _("meeting topics")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "topic"], name="agenda_topic_once")]


class AttendanceRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Attends")
    IN_ATTENDANCE = "in-attendance", _("Sits in (列席)")


class AttendanceStatus(models.TextChoices):
    EXPECTED = "expected", _("Not signed in yet")
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")
    SUBSTITUTED = "substituted", _("Represented by a substitute")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_attendance")
    role = models.CharField(_("role"), max_length=20, choices=AttendanceRole.choices, default=AttendanceRole.MEMBER)
    status = models.CharField(_("sign-in"), max_length=20, choices=AttendanceStatus.choices, default=AttendanceStatus.EXPECTED)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    substitute = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("substitute"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once")]


class Decision(models.Model):
    """One numbered decision of the minutes; it becomes a supervision item when the minutes are handed over."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("decision"))
    lead_unit = models.ForeignKey("core.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("lead unit"))
    co_units = models.ManyToManyField("core.Unit", blank=True, related_name="+", verbose_name=_("co-units"))
    due = models.DateField(_("due"), null=True, blank=True)
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("responsible leader"))
    item = models.OneToOneField(Matter, null=True, blank=True, on_delete=models.SET_NULL, related_name="meeting_decision",
                                verbose_name=_("supervision item"))

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="decision_number_once")]
