"""Number counters in the admin: shown to staff, corrected only by superusers, with an audit event."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .actions import do_correct_sequence
from .models import Sequence


@admin.register(Sequence)
class SequenceAdmin(admin.ModelAdmin):
    list_display = ("key", "year", "last")
    list_filter = ("year",)
    search_fields = ("key",)
    fields = ("key", "year", "last")
    actions = None

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return False  # counters appear when the first number is assigned

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False  # deleting a counter would hand out its numbers again

    def get_readonly_fields(self, request, obj=None):
        return ("key", "year")

    def save_model(self, request, obj, form, change):
        do_correct_sequence(request.user, obj, obj.last)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "last" in form.base_fields:
            form.base_fields["last"].help_text = _(
                "Correct only after a number was issued outside zhengban; the change is audited."
            )
        return form
