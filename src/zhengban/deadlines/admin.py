"""The calendar in the admin site. Saving and deleting go through the audited actions."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from zhengban.core.errors import ActionError

from .actions import do_remove_calendar_day, do_set_calendar_day, do_set_calendar_year
from .models import CalendarOverride, CalendarYear


class ActionBackedAdmin(admin.ModelAdmin):
    """Only system administrators change the calendar; bulk deletion would skip the audit trail."""

    actions = None

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_system_administrator

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def run(self, request, action, *args, **kwargs):
        try:
            return action(request.user, *args, **kwargs)
        except ActionError as exc:
            if exc.status == 403:
                raise PermissionDenied(exc.message) from exc
            self.message_user(request, exc.message, messages.ERROR)
            return None


class CalendarDayInline(admin.TabularInline):
    model = CalendarOverride
    fields = ("date", "is_workday", "name_zh", "name_en")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CalendarYear)
class CalendarYearAdmin(ActionBackedAdmin):
    list_display = ("year", "official", "source", "day_count")
    fields = ("year", "official", "source")
    inlines = [CalendarDayInline]

    @admin.display(description=_("days"))
    def day_count(self, obj):
        return obj.days.count()

    def get_readonly_fields(self, request, obj=None):
        return ("year",) if obj else ()

    def save_model(self, request, obj, form, change):
        saved = self.run(request, do_set_calendar_year, obj.year, official=obj.official, source=obj.source)
        if saved:
            obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False  # a notice year stays; import its file again or remove single days

    def save_related(self, request, form, formsets, change):
        """The inline is read-only; days are changed one by one or by import."""


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(ActionBackedAdmin):
    list_display = ("date", "is_workday", "name_zh", "name_en", "notice")
    list_filter = ("notice", "is_workday")
    date_hierarchy = "date"
    fields = ("date", "is_workday", "name_zh", "name_en", "source", "notice")
    readonly_fields = ("notice",)

    def get_readonly_fields(self, request, obj=None):
        return ("date", "notice") if obj else ("notice",)

    def save_model(self, request, obj, form, change):
        saved = self.run(
            request,
            do_set_calendar_day,
            obj.date,
            is_workday=obj.is_workday,
            name_zh=obj.name_zh,
            name_en=obj.name_en,
            source=obj.source,
        )
        if saved:
            obj.pk = saved.pk

    def delete_model(self, request, obj):
        self.run(request, do_remove_calendar_day, obj.date)
