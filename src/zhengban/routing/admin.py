"""Confirmed examples are read-only here: they change only through routing.actions.confirm."""

from django.contrib import admin

from zhengban.audit.admin import ReadOnlyAdmin

from .models import ConfirmedExample


@admin.register(ConfirmedExample)
class ConfirmedExampleAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "recommended_unit", "sender", "confirmed_by", "confirmed_at"]
    list_filter = ["unit"]
    search_fields = ["title", "text"]
    list_select_related = ["unit", "recommended_unit", "sender", "confirmed_by"]
