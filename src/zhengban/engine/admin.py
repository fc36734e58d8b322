"""Admin: flow parameters are edited here (through the audited actions); matters and tasks are only
shown, since they change through their flows' actions alone."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from zhengban.audit.admin import ReadOnlyAdmin as AuditReadOnlyAdmin
from zhengban.core.errors import ActionError

from .flow import all_flows
from .models import Change, FlowParameter, Matter, Task
from .parameter_actions import (
    clean_value,
    declared_default,
    do_reset_flow_parameter,
    do_set_flow_parameter,
)


def _declared_keys():
    return ", ".join(f"{flow.type}.{key}" for flow in all_flows().values() for key in sorted(flow.parameters))


class FlowParameterForm(forms.ModelForm):
    flow = forms.ChoiceField(label=_("flow"))
    key = forms.CharField(label=_("parameter"), max_length=60)

    class Meta:
        model = FlowParameter
        fields = ["flow", "key", "value"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["flow"].choices = [(flow.type, f"{flow.type} — {flow.label}") for flow in all_flows().values()]
        self.fields["key"].help_text = _("Declared parameters: %(keys)s") % {"keys": _declared_keys()}
        self.fields["value"].help_text = _('JSON. A deadline is [amount, unit], e.g. [5, "working_days"].')
        if self.instance.pk:
            self.fields["flow"].disabled = self.fields["key"].disabled = True

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["value"] = clean_value(data["flow"], data["key"], data.get("value"))
        except ActionError as exc:
            raise forms.ValidationError(str(exc.message)) from None
        return data


@admin.register(FlowParameter)
class FlowParameterAdmin(admin.ModelAdmin):
    form = FlowParameterForm
    list_display = ["flow", "key", "value", "declared_default", "updated_by", "updated_at"]
    list_filter = ["flow"]
    readonly_fields = ["declared_default", "updated_by", "updated_at"]

    @admin.display(description=_("declared default"))
    def declared_default(self, row):
        if not row.flow:
            return "—"
        try:
            return declared_default(row.flow, row.key)
        except ActionError:
            return "—"

    def _administrator(self, request):
        return request.user.is_active and request.user.is_system_administrator

    def has_add_permission(self, request):
        return self._administrator(request)

    def has_change_permission(self, request, obj=None):
        return self._administrator(request)

    def has_delete_permission(self, request, obj=None):
        return self._administrator(request)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def save_model(self, request, obj, form, change):
        row = do_set_flow_parameter(request.user, obj.flow, obj.key, form.cleaned_data["value"])
        obj.pk, obj.value = row.pk, row.value

    def delete_model(self, request, obj):
        do_reset_flow_parameter(request.user, obj.flow, obj.key)

    def delete_queryset(self, request, queryset):
        for row in queryset:
            do_reset_flow_parameter(request.user, row.flow, row.key)


class ReadOnlyAdmin(AuditReadOnlyAdmin):
    """Shown to system administrators, never changed here; rows above the viewer's clearance are not
    shown at all."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff and request.user.is_system_administrator

    def has_module_permission(self, request):
        return self.has_view_permission(request)


@admin.register(Matter)
class MatterAdmin(ReadOnlyAdmin):
    list_display = ["id", "type", "number", "title", "state", "urgency", "classification", "lead_unit", "opened_at",
                    "closed_at", "due_at"]
    list_filter = ["type", "state", "urgency", "classification"]
    search_fields = ["number", "title"]
    list_select_related = ["lead_unit"]
    exclude = ["watchers"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(classification__lte=request.user.clearance)


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["id", "matter", "kind", "step", "assignee_person", "assignee_unit", "assignee_role", "state",
                    "due_at", "completed_by"]
    list_filter = ["kind", "state"]
    list_select_related = ["matter", "assignee_person", "assignee_unit", "completed_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(matter__classification__lte=request.user.clearance)


@admin.register(Change)
class ChangeAdmin(ReadOnlyAdmin):
    """The outbox: what the worker has yet to deliver, and what it gave up on (with the error).
    Once the cause is mended, failed changes can be handed back to the worker."""

    list_display = ["id", "matter_id", "verb", "created_at", "attempts", "failed_at", "last_error"]
    list_filter = [("failed_at", admin.EmptyFieldListFilter)]
    actions = ["deliver_again"]

    @admin.action(description=_("Deliver again (the worker retries them)"))
    def deliver_again(self, request, queryset):
        count = queryset.exclude(failed_at=None).update(failed_at=None, attempts=0)
        self.message_user(request, _("%(n)d change(s) handed back to the worker.") % {"n": count})
