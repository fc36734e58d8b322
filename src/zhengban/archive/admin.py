"""Admin: the file plan is edited through the audited action; records, holds and fixity checks are shown only."""

from django.contrib import admin, messages

from zhengban.core.errors import ActionError
from zhengban.engine.admin import ReadOnlyAdmin

from .actions import do_save_category, is_archivist
from .models import ArchiveFixityCheck, ArchiveRecord, FileCategory, LegalHold


@admin.register(FileCategory)
class FileCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "retention", "active", "sort_order"]
    list_filter = ["retention", "active"]
    fields = ["code", "name_zh", "name_en", "retention", "description", "active", "sort_order"]
    actions = None

    def _may_edit(self, request):
        user = request.user
        return user.is_active and user.is_staff and (is_archivist(user) or user.is_system_administrator)

    def has_view_permission(self, request, obj=None):
        return self._may_edit(request)

    def has_module_permission(self, request):
        return self._may_edit(request)

    def has_add_permission(self, request):
        return self._may_edit(request)

    def has_change_permission(self, request, obj=None):
        return self._may_edit(request)

    def has_delete_permission(self, request, obj=None):
        return False  # records point at their category; retire one by unticking "active"

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []

    def save_model(self, request, obj, form, change):
        try:
            saved = do_save_category(request.user, code=obj.code, name_zh=obj.name_zh, name_en=obj.name_en,
                                     retention=obj.retention, description=obj.description, active=obj.active,
                                     sort_order=obj.sort_order)
        except ActionError as error:
            self.message_user(request, str(error.message), messages.ERROR)
            return
        obj.pk = saved.pk


@admin.register(ArchiveRecord)
class ArchiveRecordAdmin(ReadOnlyAdmin):
    list_display = ["archive_number", "title", "year", "category", "retention", "disposed_at"]
    list_filter = ["year", "retention", "category"]
    search_fields = ["archive_number", "title"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(classification__lte=request.user.clearance)


@admin.register(LegalHold)
class LegalHoldAdmin(ReadOnlyAdmin):
    list_display = ["record", "reason", "placed_by", "placed_at", "released_at"]


@admin.register(ArchiveFixityCheck)
class ArchiveFixityCheckAdmin(ReadOnlyAdmin):
    list_display = ["checked_at", "record", "attachment", "ok", "problem"]
    list_filter = ["ok", "problem"]
