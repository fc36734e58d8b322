"""Read-only views for administrators: what was sent to whom, and what the worker did or failed to do."""

from django.contrib import admin

from zhengban.audit.admin import ReadOnlyAdmin

from .models import Job, Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "verb", "title", "read_at", "email_status", "sms_status"]
    list_filter = ["verb", "email_status", "sms_status"]
    search_fields = ["recipient__username", "recipient__full_name"]
    list_select_related = ["recipient"]


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["key", "kind", "run_at", "claimed_by", "done_at", "attempts", "outcome"]
    list_filter = ["kind", "outcome"]
    search_fields = ["key"]
