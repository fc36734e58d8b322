from django.contrib import admin

from .models import Petition


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    """Read-only: petitions change through their actions; petitioners' identity is not listed here."""

    list_display = ("matter", "channel", "category", "place", "is_repeat", "outcome", "rating")
    list_filter = ("channel", "category", "place", "is_repeat")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
