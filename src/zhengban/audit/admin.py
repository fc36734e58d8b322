"""The audit trail in the admin site: readable by administrators, changeable by no one.

Events and anchors are only ever written by append_event and create_anchor; an edit here would
break the hash chain, so add, change and delete are refused even for superusers.
"""

from django.contrib import admin

from .models import Anchor, Event


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("id", "created_at", "subject_type", "subject_id", "seq", "verb", "actor", "on_behalf_of")
    list_filter = ("subject_type", "verb")
    search_fields = ("verb", "subject_type", "=subject_id", "=hash")
    date_hierarchy = "created_at"
    list_select_related = ("actor", "on_behalf_of")
    show_full_result_count = False


@admin.register(Anchor)
class AnchorAdmin(ReadOnlyAdmin):
    list_display = ("seq", "created_at", "hash")
