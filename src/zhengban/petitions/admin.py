from django.contrib import admin

from zhengban.audit.admin import ReadOnlyAdmin

from .models import Petition


@admin.register(Petition)
class PetitionAdmin(ReadOnlyAdmin):
    """Read-only: petitions change through their actions; petitioners' identity is not listed here."""

    list_display = ("matter", "channel", "category", "place", "is_repeat", "outcome", "rating")
    list_filter = ("channel", "category", "place", "is_repeat")
