"""Stored files and attachments in the admin site, read-only: they change only through do_attach."""

from django.contrib import admin

from zhengban.audit.admin import ReadOnlyAdmin

from .models import Attachment, Blob


@admin.register(Blob)
class BlobAdmin(ReadOnlyAdmin):
    list_display = ("sha256", "size", "mime_type", "created_at")
    search_fields = ("=sha256",)
    list_filter = ("mime_type",)


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("filename", "owner_type", "owner_id", "classification", "uploaded_by", "uploaded_at")
    list_filter = ("owner_type", "classification")
    search_fields = ("filename", "=blob__sha256")
    list_select_related = ("blob", "uploaded_by")
