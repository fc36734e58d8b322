"""The organization in Django admin, for system administrators; every change goes through an action."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .actions import do_update_person
from .errors import ActionError
from .models import (
    Appointment,
    Delegation,
    DocumentPrefix,
    OrganizationProfile,
    Person,
    Post,
    PostKind,
    Quota,
    RoleCode,
    Unit,
)
from .profile.actions import (
    check_spec,
    do_save_organization,
    do_save_post,
    do_save_post_kind,
    do_save_prefix,
    do_save_quota,
    do_save_unit,
)
from .profile.export import organization_spec, post_kind_spec, post_spec, prefix_spec, quota_spec, unit_spec


class AdministratorsOnly:
    """Only system administrators see the organization in admin; nothing is deleted here (it is audited history)."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_system_administrator

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


class SavedThroughAction(AdministratorsOnly):
    """Saves the edited row through its audited action; the row's key is fixed once created."""

    key_fields = ("code",)
    save_action = None
    spec_of = None

    def get_readonly_fields(self, request, obj=None):
        return self.key_fields if obj is not None else ()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        spec_of, section = type(self).spec_of, self.section

        class CheckedForm(form_class):
            def _post_clean(self):
                super()._post_clean()
                if not self.errors:
                    try:
                        check_spec(section, spec_of(self.instance))
                    except ActionError as exc:
                        self.add_error(None, exc.message)

        return CheckedForm

    def save_model(self, request, obj, form, change):
        try:
            saved, _outcome = type(self).save_action(request.user, type(self).spec_of(obj))
        except ActionError as exc:
            messages.error(request, exc.message)
            return
        obj.pk = saved.pk


@admin.register(OrganizationProfile)
class OrganizationProfileAdmin(SavedThroughAction, admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "city_zh", "loaded_at")
    section = "organization"
    save_action = do_save_organization
    spec_of = organization_spec


@admin.register(Unit)
class UnitAdmin(SavedThroughAction, admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "kind", "parent", "sort_order")
    list_filter = ("kind",)
    search_fields = ("code", "name_zh", "name_en")
    ordering = ("sort_order", "code")
    section = "units"
    save_action = do_save_unit
    spec_of = unit_spec


@admin.register(PostKind)
class PostKindAdmin(SavedThroughAction, admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "rank", "role")
    list_filter = ("role",)
    search_fields = ("code", "name_zh", "name_en")
    section = "post_kinds"
    save_action = do_save_post_kind
    spec_of = post_kind_spec


@admin.register(Post)
class PostAdmin(SavedThroughAction, admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "kind", "unit", "quota_category", "seats")
    list_filter = ("quota_category", "kind", "unit")
    search_fields = ("code", "name_zh", "name_en")
    list_select_related = ("kind", "unit")
    section = "posts"
    save_action = do_save_post
    spec_of = post_spec


@admin.register(Quota)
class QuotaAdmin(SavedThroughAction, admin.ModelAdmin):
    list_display = ("__str__", "unit", "category", "within", "authorized", "authorized_as_given")
    list_filter = ("category",)
    search_fields = ("unit__code", "unit__name_zh", "note")
    list_select_related = ("unit",)
    key_fields = ("unit", "category")
    section = "quotas"
    save_action = do_save_quota
    spec_of = quota_spec


@admin.register(DocumentPrefix)
class DocumentPrefixAdmin(SavedThroughAction, admin.ModelAdmin):
    list_display = ("code", "prefix", "name_zh", "name_en", "pattern", "issuer_unit")
    search_fields = ("code", "prefix", "name_zh", "name_en")
    section = "prefixes"
    save_action = do_save_prefix
    spec_of = prefix_spec


class PersonForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("roles"), choices=RoleCode.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Person
        fields = ("full_name", "full_name_en", "email", "phone", "unit", "clearance", "language", "is_active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["roles"].initial = sorted(self.instance.role_codes())


@admin.register(Person)
class PersonAdmin(AdministratorsOnly, admin.ModelAdmin):
    """People are created in the web interface or the API (which hash the password); here they are edited."""

    form = PersonForm
    list_display = ("username", "full_name", "full_name_en", "unit", "clearance", "is_active", "is_sample")
    list_filter = ("is_active", "is_sample", "clearance", "roles__role", "unit")
    search_fields = ("username", "full_name", "full_name_en", "email")
    list_select_related = ("unit",)
    readonly_fields = ("username", "last_login", "date_joined")

    def has_add_permission(self, request):
        return False

    def get_fields(self, request, obj=None):
        return ("username", *PersonForm.Meta.fields, "roles", "last_login", "date_joined")

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in PersonForm.Meta.fields if name != "unit"}
        try:
            do_update_person(
                request.user,
                obj,
                roles=form.cleaned_data["roles"],
                unit=form.cleaned_data["unit"],
                unit_given=True,
                **fields,
            )
        except ActionError as exc:
            messages.error(request, exc.message)


class ReadOnlyAdmin(AdministratorsOnly):
    """Appointments and delegations change only through their actions (quota checks, overlap checks)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("person", "post", "start", "end", "override_reason")
    list_filter = ("post__quota_category", "post__unit")
    search_fields = ("person__username", "person__full_name", "post__code")
    list_select_related = ("person", "post")


@admin.register(Delegation)
class DelegationAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("principal", "delegate", "start", "end", "reason", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("principal__username", "delegate__username", "reason")
    list_select_related = ("principal", "delegate")
