"""Admin: memos are shown, never changed here (they change through the memo flow's actions)."""

from django.contrib import admin

from zhengban.engine.admin import ReadOnlyAdmin

from .models import Memo


@admin.register(Memo)
class MemoAdmin(ReadOnlyAdmin):
    list_display = ["matter", "requested_by"]
    list_select_related = ["matter"]
    search_fields = ["matter__number", "matter__title"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(matter__classification__lte=request.user.clearance)
