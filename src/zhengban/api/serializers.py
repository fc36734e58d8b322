"""What the API shows of units and people, and what it accepts when people are created or changed."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from zhengban.core.models import Clearance, Delegation, Person, Quota, RoleCode, Unit

from .permissions import is_administrator


def role_codes_of(person):
    """Role codes read from the prefetched roles, so a list of people costs one query for all roles."""
    return sorted(role.role for role in person.roles.all())


class SubjectAreaSerializer(serializers.Serializer):
    zh = serializers.CharField(required=False)
    en = serializers.CharField(required=False)


class QuotaSerializer(serializers.ModelSerializer):
    filled = serializers.SerializerMethodField(help_text=_("Current appointments counted against this quota."))

    class Meta:
        model = Quota
        fields = ["category", "authorized", "authorized_as_given", "filled", "note"]

    def get_filled(self, quota) -> int:
        # Places of categories counted within this one (leadership posts inside the administrative
        # establishment, for example) fill it too. The unit's quotas are prefetched, so this is free.
        categories = {quota.category} | {
            sibling.category for sibling in quota.unit.quotas.all() if getattr(sibling, "within", "") == quota.category
        }
        filled = self.context.get("filled", {})
        return sum(filled.get((quota.unit_id, category), 0) for category in categories)


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    subject_areas = SubjectAreaSerializer(many=True, read_only=True)
    quota = QuotaSerializer(source="quotas", many=True, read_only=True)

    class Meta:
        model = Unit
        fields = ["code", "name_zh", "name_en", "kind", "parent", "subject_areas", "quota"]


class MemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["username", "name", "roles"]

    def get_roles(self, person) -> list[str]:
        return role_codes_of(person)


class UnitDetailSerializer(UnitSerializer):
    members = MemberSerializer(source="active_members", many=True, read_only=True)

    class Meta(UnitSerializer.Meta):
        fields = UnitSerializer.Meta.fields + ["members"]


class PersonSerializer(serializers.ModelSerializer):
    """A person as others see them; email and phone only for administrators and the person."""

    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    roles = serializers.SerializerMethodField()
    email = serializers.EmailField(read_only=True, help_text=_("Shown to administrators and to the person only."))
    phone = serializers.CharField(read_only=True, help_text=_("Shown to administrators and to the person only."))

    PRIVATE_FIELDS = ("email", "phone")

    class Meta:
        model = Person
        fields = ["username", "full_name", "full_name_en", "unit", "roles", "clearance", "is_active", "email", "phone"]
        read_only_fields = fields

    def get_roles(self, person) -> list[str]:
        return role_codes_of(person)

    def to_representation(self, person):
        data = super().to_representation(person)
        viewer = self.context["request"].user
        if not (is_administrator(viewer) or viewer.pk == person.pk):
            for name in self.PRIVATE_FIELDS:
                data.pop(name, None)
        return data


class DelegationSerializer(serializers.ModelSerializer):
    principal = serializers.SlugRelatedField(slug_field="username", read_only=True)
    delegate = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Delegation
        fields = ["principal", "delegate", "start", "end", "reason"]


class UnitReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["code", "name_zh", "name_en"]


class MeSerializer(serializers.ModelSerializer):
    unit = UnitReferenceSerializer(read_only=True, allow_null=True)
    roles = serializers.SerializerMethodField()
    is_system_administrator = serializers.BooleanField(read_only=True)
    delegations_received = DelegationSerializer(source="active_delegations_received", many=True, read_only=True)
    delegations_given = DelegationSerializer(source="active_delegations_given", many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "username",
            "full_name",
            "full_name_en",
            "email",
            "phone",
            "language",
            "unit",
            "roles",
            "clearance",
            "is_system_administrator",
            "delegations_received",
            "delegations_given",
        ]
        read_only_fields = fields

    def get_roles(self, person) -> list[str]:
        return role_codes_of(person)


class PersonWriteSerializer(serializers.Serializer):
    """Fields an administrator sets; validated here, applied by the core actions."""

    full_name = serializers.CharField(max_length=100)
    full_name_en = serializers.CharField(max_length=100, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    unit = serializers.SlugRelatedField(
        slug_field="code", queryset=Unit.objects.all(), required=False, allow_null=True
    )
    roles = serializers.ListField(child=serializers.ChoiceField(choices=RoleCode.choices), required=False)
    clearance = serializers.ChoiceField(choices=Clearance.choices, required=False)
    language = serializers.ChoiceField(
        choices=[("", _("Browser's language"))] + list(settings.LANGUAGES), required=False, allow_blank=True
    )
    is_active = serializers.BooleanField(required=False)


class PersonCreateSerializer(PersonWriteSerializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(
        write_only=True,
        required=False,
        style={"input_type": "password"},
        help_text=_("Optional: without one the person cannot sign in until an administrator sets it."),
    )


class PasswordSerializer(serializers.Serializer):
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    old_password = serializers.CharField(
        write_only=True,
        required=False,
        style={"input_type": "password"},
        help_text=_("Required when you change your own password."),
    )


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(write_only=True, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)
