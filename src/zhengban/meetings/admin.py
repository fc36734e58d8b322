"""Admin: administrators edit the meeting types (attendee rules) and rooms, each change audited;
meetings, topics and bookings are shown, never changed here (they change through their actions)."""

from django.contrib import admin
from django.forms.models import model_to_dict

from zhengban.audit.chain import append_event
from zhengban.engine.admin import ReadOnlyAdmin

from .models import Booking, Meeting, MeetingType, Room, Topic


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        payload = {name: model_to_dict(obj, fields=[name])[name] for name in form.changed_data}
        append_event(obj, f"meetings.{obj._meta.model_name}-{'changed' if change else 'added'}", actor=request.user,
                     payload={key: value if isinstance(value, (str, int, list, type(None), bool)) else str(value)
                              for key, value in payload.items()})


@admin.register(MeetingType)
class MeetingTypeAdmin(AuditedAdmin):
    list_display = ["code", "name_zh", "name_en", "chair_role", "attendee_roles", "in_attendance_units", "max_per_month"]
    readonly_fields = ["audit_seq", "audit_head"]


@admin.register(Room)
class RoomAdmin(AuditedAdmin):
    list_display = ["code", "name_zh", "name_en", "location", "capacity", "active"]
    readonly_fields = ["audit_seq", "audit_head"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["matter", "meeting_type", "starts_at", "room"]
    list_select_related = ["matter", "meeting_type", "room"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(matter__classification__lte=request.user.clearance)


@admin.register(Topic)
class TopicAdmin(ReadOnlyAdmin):
    list_display = ["matter", "meeting_type", "leader"]
    list_select_related = ["matter", "meeting_type", "leader"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(matter__classification__lte=request.user.clearance)


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ["room", "starts_at", "ends_at", "purpose", "booked_by", "cancelled_at"]
    list_select_related = ["room", "booked_by"]
