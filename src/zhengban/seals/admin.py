"""Admin: the register is shown and new seals entered through the audited action; uses are read-only."""

from django.contrib import admin, messages

from zhengban.core.errors import ActionError
from zhengban.engine.admin import ReadOnlyAdmin

from .actions import do_register_seal
from .models import Seal, SealUse


@admin.register(Seal)
class SealAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_zh", "name_en", "kind", "keeper_unit", "active", "engraved_on", "retired_on"]
    list_filter = ["kind", "active"]
    search_fields = ["code", "name_zh", "name_en"]
    fields = ["code", "name_zh", "name_en", "kind", "keeper_unit", "engraved_on", "note"]

    def has_add_permission(self, request):
        return self.has_view_permission(request)

    def save_model(self, request, obj, form, change):
        try:
            saved = do_register_seal(request.user, code=obj.code, name_zh=obj.name_zh, name_en=obj.name_en, kind=obj.kind,
                                     keeper_unit=obj.keeper_unit, engraved_on=obj.engraved_on, note=obj.note)
        except ActionError as error:
            self.message_user(request, str(error.message), messages.ERROR)
            return
        obj.pk = saved.pk


@admin.register(SealUse)
class SealUseAdmin(ReadOnlyAdmin):
    list_display = ["used_at", "seal", "impressions", "matter", "applied_by", "approved_by"]
    list_filter = ["seal"]
    list_select_related = ["seal", "matter", "applied_by", "approved_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(matter__classification__gt=request.user.clearance)
