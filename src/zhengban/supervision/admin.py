"""Admin: supervision items are shown, never changed here (they change through the flow's actions)."""

from django.contrib import admin

from zhengban.engine.admin import ReadOnlyAdmin

from .models import AssessmentScheme, SupervisionItem


@admin.register(SupervisionItem)
class SupervisionItemAdmin(ReadOnlyAdmin):
    list_display = ["matter", "source", "year", "progress", "cadence", "leader"]
    list_filter = ["source", "year", "cadence"]
    list_select_related = ["matter", "leader"]
    search_fields = ["matter__number", "matter__title"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(matter__classification__lte=request.user.clearance)


@admin.register(AssessmentScheme)
class AssessmentSchemeAdmin(ReadOnlyAdmin):
    list_display = ["year", "on_time_points", "verified_points", "quality_points", "red_deduction", "updated_by"]
