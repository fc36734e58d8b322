"""What the API shows of matters, their tasks and timeline, and what the inbox and reassignment accept.

Lists are serialized from rows the view loaded with select_related / prefetch_related, so a page
costs the same number of queries whatever its length; the request context carries one calendar
snapshot (`calendar`) and the moment (`now`) the traffic lights are computed against.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhengban.deadlines.compute import GREEN, RED, YELLOW, light

from .flow import get_flow
from .inbox import LISTS
from .models import Matter, Task, Urgency

LIGHTS = (GREEN, YELLOW, RED)
# Inbox rows turn yellow this many working days before their due date (the default N).
INBOX_WARN_WORKING_DAYS = 3
# Engine bookkeeping kept in Matter.data that is no business of API clients.
INTERNAL_DATA_KEYS = ("path", "last")


def state_of(type_, name):
    return {"name": name, "label": str(get_flow(type_).state(name).label)}


def light_for(due_at, context, warn_working_days=INBOX_WARN_WORKING_DAYS):
    if due_at is None:
        return None
    return light(due_at, context["now"], warn_working_days, calendar=context["calendar"])


class StateSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()


LightField = serializers.ChoiceField(choices=LIGHTS, allow_null=True, help_text=_("green on track, yellow close, red overdue"))


# Plain fields (not enums) where another component already names the same or a clashing choice set.
ClassificationField = serializers.IntegerField(read_only=True, help_text=_("0 none, 1 秘密, 2 机密, 3 绝密"))
TaskKindField = serializers.CharField(read_only=True, help_text=_("handle, approve, countersign or read"))


class MatterSerializer(serializers.ModelSerializer):
    classification = ClassificationField
    state = serializers.SerializerMethodField()
    lead_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    co_units = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    creator = serializers.SlugRelatedField(slug_field="username", read_only=True)
    light = serializers.SerializerMethodField()

    class Meta:
        model = Matter
        fields = [
            "id", "type", "number", "title", "state", "classification", "urgency", "lead_unit", "co_units",
            "creator", "opened_at", "closed_at", "due_at", "due_provisional", "light", "version",
        ]

    @extend_schema_field(StateSerializer)
    def get_state(self, matter):
        return state_of(matter.type, matter.state)

    @extend_schema_field(LightField)
    def get_light(self, matter):
        if matter.closed_at is not None:
            return None
        return light_for(matter.due_at, self.context)


class LinkedMatterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Matter
        fields = ["id", "type", "number", "title"]


class LinkSerializer(serializers.Serializer):
    kind = serializers.CharField()
    matter = LinkedMatterSerializer()


# "in" is a Python keyword, so this serializer's fields are given as a mapping.
LinksSerializer = type(
    "LinksSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "Typed links: `out` — this matter is <kind> of those; `in` — those are <kind> of this one.",
        "in": LinkSerializer(many=True),
        "out": LinkSerializer(many=True),
    },
)


class AssigneeSerializer(serializers.Serializer):
    person = serializers.CharField(allow_null=True, help_text=_("username"))
    unit = serializers.CharField(allow_null=True, help_text=_("unit code"))
    role = serializers.CharField(allow_blank=True)


class OpenTaskSerializer(serializers.ModelSerializer):
    kind = TaskKindField
    step = serializers.SerializerMethodField()
    assignee = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = ["id", "kind", "step", "assignee", "due_at", "due_provisional", "created_at"]

    @extend_schema_field(StateSerializer)
    def get_step(self, task):
        return state_of(task.matter.type, task.step)

    @extend_schema_field(AssigneeSerializer)
    def get_assignee(self, task):
        return {
            "person": task.assignee_person.username if task.assignee_person_id else None,
            "unit": task.assignee_unit.code if task.assignee_unit_id else None,
            "role": task.assignee_role,
        }


class EventSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    verb = serializers.CharField()
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    on_behalf_of = serializers.CharField(source="on_behalf_of.username", allow_null=True, default=None)
    created_at = serializers.DateTimeField()
    payload = serializers.JSONField()


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    filename = serializers.CharField()
    size = serializers.IntegerField(source="blob.size")
    mime = serializers.CharField(source="blob.mime_type")
    sha256 = serializers.CharField(source="blob.sha256")
    classification = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()


class MatterDetailSerializer(MatterSerializer):
    data = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()
    tasks = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()

    class Meta(MatterSerializer.Meta):
        fields = MatterSerializer.Meta.fields + [
            "body", "classification_period", "paused_at", "pause_reason", "data", "links", "tasks", "timeline",
            "attachments",
        ]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_data(self, matter):
        return {key: value for key, value in matter.data.items() if key not in INTERNAL_DATA_KEYS}

    @extend_schema_field(LinksSerializer)
    def get_links(self, matter):
        return LinksSerializer(self.context["links"]).data

    @extend_schema_field(OpenTaskSerializer(many=True))
    def get_tasks(self, matter):
        return OpenTaskSerializer(self.context["open_tasks"], many=True).data

    @extend_schema_field(EventSerializer(many=True))
    def get_timeline(self, matter):
        return EventSerializer(self.context["timeline"], many=True).data

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, matter):
        return AttachmentSerializer(self.context["attachments"], many=True).data


class ActionSerializer(serializers.Serializer):
    """One thing the caller may do now; POST its payload to /api/matters/{id}/actions/{name}/."""

    name = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.CharField(help_text=_("transition (declared by the flow) or generic"))
    style = serializers.CharField()
    task = serializers.IntegerField(allow_null=True, help_text=_("The task this action is about, to send as 'task'."))
    schema = serializers.JSONField(help_text=_("JSON Schema of the payload."))


class InboxMatterSerializer(serializers.ModelSerializer):
    classification = ClassificationField
    class Meta:
        model = Matter
        fields = ["id", "type", "number", "title", "urgency", "classification"]


class _InboxRowBase(serializers.ModelSerializer):
    kind = TaskKindField
    step = serializers.SerializerMethodField()
    matter = InboxMatterSerializer()
    light = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = ["id", "kind", "step", "matter", "from", "due_at", "due_provisional", "light", "created_at",
                  "completed_at"]

    @extend_schema_field(StateSerializer)
    def get_step(self, task):
        return state_of(task.matter.type, task.step)

    @extend_schema_field(LightField)
    def get_light(self, task):
        if task.state != "open":
            return None
        return light_for(task.due_at, self.context)


# "from" (who assigned the task) is a Python keyword, so the field is added as a mapping entry.
InboxRowSerializer = type(
    "InboxRowSerializer",
    (_InboxRowBase,),
    {
        "__doc__": "One row of an inbox list.",
        "from": serializers.CharField(
            source="assigned_by.display_name", allow_null=True, default=None, read_only=True,
            help_text=_("Who assigned the task."),
        ),
    },
)


class InboxFilterSerializer(serializers.Serializer):
    list = serializers.ChoiceField(choices=LISTS, default="todo")
    type = serializers.CharField(required=False)
    urgency = serializers.ChoiceField(choices=Urgency.values, required=False)
    unit = serializers.CharField(required=False, help_text=_("unit code"))
    due_before = serializers.DateField(required=False)


class MatterFilterSerializer(serializers.Serializer):
    type = serializers.CharField(required=False)
    state = serializers.CharField(required=False)
    urgency = serializers.ChoiceField(choices=Urgency.values, required=False)
    lead_unit = serializers.CharField(required=False, help_text=_("unit code"))
    q = serializers.CharField(required=False, help_text=_("part of the title or number"))
    opened_after = serializers.DateField(required=False)
    opened_before = serializers.DateField(required=False)
    due_before = serializers.DateField(required=False)
    open = serializers.BooleanField(required=False, allow_null=True, default=None)


class ReassignSerializer(serializers.Serializer):
    tasks = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    person = serializers.CharField(required=False, help_text=_("username of the new assignee"))
    unit = serializers.CharField(required=False, help_text=_("code of the new assignee unit"))
    role = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField()

    def validate(self, attrs):
        if ("person" in attrs) == ("unit" in attrs):
            raise serializers.ValidationError(_("Give either a person or a unit."))
        return attrs


class ReassignResultSerializer(serializers.Serializer):
    tasks = serializers.ListField(child=serializers.IntegerField())
