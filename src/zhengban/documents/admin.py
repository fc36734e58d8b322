"""Read-only admin of documents and deliveries (they change only through the flows' actions) and the
organization directory (reference data, maintained by the directory file and here)."""

from django.contrib import admin

from zhengban.audit.admin import ReadOnlyAdmin

from .models import Delivery, Document, Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "short_name_zh", "kind", "is_higher_level", "handling_unit", "active"]
    list_filter = ["kind", "is_higher_level", "active"]
    search_fields = ["code", "name_zh", "name_en", "short_name_zh"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["matter", "direction", "doc_type", "sender", "written_date", "received_at"]
    list_filter = ["direction", "doc_type"]
    search_fields = ["matter__title", "matter__number", "sender_number"]

    def get_queryset(self, request):
        # Classified documents stay within the administrator's clearance, as everywhere else.
        return super().get_queryset(request).select_related("matter", "sender").filter(
            matter__classification__lte=request.user.clearance)


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["document", "organization", "copy_role", "sent_at", "received_at", "received_by_name"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("document__matter", "organization").filter(
            document__matter__classification__lte=request.user.clearance)
