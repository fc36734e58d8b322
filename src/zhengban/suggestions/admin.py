"""Admin: items, sessions and result codes are shown here; they change through the actions (the
import, the flow, do_save_result_code), so that each change is audited."""

from django.contrib import admin

from zhengban.engine.admin import ReadOnlyAdmin

from .models import ResultCode, Session, Suggestion


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "year"]
    list_filter = ["kind", "year"]


@admin.register(ResultCode)
class ResultCodeAdmin(ReadOnlyAdmin):
    list_display = ["code", "label_zh", "label_en", "sort_order", "active"]


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyAdmin):
    list_display = ["matter", "session", "kind", "number", "result_code", "feedback"]
    list_select_related = ["matter", "session"]
    list_filter = ["kind", "result_code", "feedback"]
    search_fields = ["number", "matter__title"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(matter__classification__lte=request.user.clearance)
