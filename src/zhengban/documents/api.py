"""The documents API: the register (GET /api/documents/ with filters), one document, signing in
incoming documents (one or a batch), starting a draft, chasing, receipts, and the directory of
organizations. Every flow step goes through the matter actions API (/api/matters/{id}/actions/…)."""

from django.db.models import Q
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from zhengban.api.pagination import KeysFirstPagination
from zhengban.api.views.base import AUTHENTICATION, errors
from zhengban.core.errors import NotFound
from zhengban.core.models import Clearance
from zhengban.engine.access import visible_matters
from zhengban.engine.api import detail_body, light_context, start_of
from zhengban.engine.models import Matter, Urgency
from zhengban.engine.reading import do_record_classified_read
from zhengban.engine.serializers import MatterDetailSerializer, MatterSerializer

from .actions import do_chase_document, do_confirm_receipt, do_sign_in_batch, do_sign_in_document, do_start_draft
from .checks import refuse_manual_number
from .models import Delivery, DocType, Document, Organization

TYPES = ("incoming", "outgoing")
REGISTER = (
    Matter.objects.filter(type__in=TYPES)
    .select_related("lead_unit", "creator", "document", "document__sender", "document__number_prefix", "document__holder")
    .prefetch_related("co_units")
)


class OrganizationSerializer(serializers.ModelSerializer):
    handling_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Organization
        fields = ["code", "name_zh", "name_en", "short_name_zh", "kind", "is_higher_level", "handling_unit", "active"]


class DocumentFieldsSerializer(serializers.ModelSerializer):
    sender = serializers.SlugRelatedField(slug_field="code", read_only=True)
    number_prefix = serializers.SlugRelatedField(slug_field="code", read_only=True)
    holder = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Document
        fields = ["direction", "doc_type", "sender", "sender_number", "number_prefix", "received_at", "received_copies",
                  "written_date", "for_action", "holder", "important"]


class DeliverySerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Delivery
        fields = ["id", "organization", "copy_role", "copies", "copy_numbers", "sent_at", "received_at", "received_by_name"]


class DocumentDetailFieldsSerializer(DocumentFieldsSerializer):
    main_recipients = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    cc_recipients = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    instructed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    seal = serializers.SlugRelatedField(slug_field="code", read_only=True)
    deliveries = DeliverySerializer(many=True, read_only=True)
    is_upward = serializers.BooleanField(read_only=True)

    class Meta(DocumentFieldsSerializer.Meta):
        fields = [*DocumentFieldsSerializer.Meta.fields, "issuer_mark", "issuer_signature", "main_recipients",
                  "cc_recipients", "signers", "copy_count", "copy_numbers", "attachment_note", "annotation",
                  "printing_organ", "printing_date", "seal", "seal_impressions", "carries_several_matters",
                  "instruction", "instructed_by", "result", "deliveries", "is_upward"]


class DocumentRowSerializer(MatterSerializer):
    document = DocumentFieldsSerializer(read_only=True)

    class Meta(MatterSerializer.Meta):
        fields = [*MatterSerializer.Meta.fields, "document"]


class DocumentFilterSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=TYPES, required=False)
    doc_type = serializers.ChoiceField(choices=DocType.choices, required=False)
    number = serializers.CharField(required=False)
    q = serializers.CharField(required=False)
    sender = serializers.CharField(required=False)
    state = serializers.CharField(required=False)
    unit = serializers.CharField(required=False)
    received_after = serializers.DateField(required=False)
    received_before = serializers.DateField(required=False)
    written_after = serializers.DateField(required=False)
    written_before = serializers.DateField(required=False)


DOCUMENT_FILTERS = [
    OpenApiParameter("direction", OpenApiTypes.STR, enum=list(TYPES)),
    OpenApiParameter("doc_type", OpenApiTypes.STR, enum=list(DocType.values)),
    OpenApiParameter("number", OpenApiTypes.STR, description="Part of the register number, 发文字号 or sender's number."),
    OpenApiParameter("q", OpenApiTypes.STR, description="Part of the title or number."),
    OpenApiParameter("sender", OpenApiTypes.STR, description="Sender organization code."),
    OpenApiParameter("state", OpenApiTypes.STR),
    OpenApiParameter("unit", OpenApiTypes.STR, description="Lead unit or drafting unit code."),
    OpenApiParameter("received_after", OpenApiTypes.DATE), OpenApiParameter("received_before", OpenApiTypes.DATE),
    OpenApiParameter("written_after", OpenApiTypes.DATE), OpenApiParameter("written_before", OpenApiTypes.DATE),
]


def filtered_register(person, given):
    matters = visible_matters(person, REGISTER)
    if given.get("direction"):
        matters = matters.filter(type=given["direction"])
    for param, lookup in {"doc_type": "document__doc_type", "sender": "document__sender__code", "state": "state"}.items():
        if given.get(param):
            matters = matters.filter(**{lookup: given[param]})
    if given.get("number", "").strip():
        words = given["number"].strip()
        matters = matters.filter(Q(number__icontains=words) | Q(document__sender_number__icontains=words))
    if given.get("q", "").strip():
        words = given["q"].strip()
        matters = matters.filter(Q(title__icontains=words) | Q(number__icontains=words))
    if given.get("unit"):
        matters = matters.filter(Q(lead_unit__code=given["unit"]) | Q(creator_unit__code=given["unit"]))
    if given.get("received_after"):
        matters = matters.filter(document__received_at__gte=start_of(given["received_after"]))
    if given.get("received_before"):
        matters = matters.filter(document__received_at__lt=start_of(given["received_before"]))
    if given.get("written_after"):
        matters = matters.filter(document__written_date__gte=given["written_after"])
    if given.get("written_before"):
        matters = matters.filter(document__written_date__lt=given["written_before"])
    return matters


@extend_schema(tags=["documents"], parameters=DOCUMENT_FILTERS,
               responses={200: DocumentRowSerializer(many=True), **errors(400, 401)})
class DocumentList(generics.ListAPIView):
    """The register of incoming and outgoing documents the caller may see, newest first."""

    authentication_classes = AUTHENTICATION
    serializer_class = DocumentRowSerializer
    pagination_class = KeysFirstPagination

    def get_queryset(self):
        form = DocumentFilterSerializer(data=self.request.query_params)
        form.is_valid(raise_exception=True)
        return filtered_register(self.request.user, form.validated_data)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), **light_context()}

    def page_rows(self, keys):
        return REGISTER.filter(pk__in=keys)


def document_body(person, matter):
    body = detail_body(person, matter)
    document = (Document.objects.select_related("sender", "number_prefix", "holder", "instructed_by", "seal")
                .prefetch_related("main_recipients", "cc_recipients", "deliveries__organization").get(matter=matter))
    body["document"] = DocumentDetailFieldsSerializer(document).data
    return body


def visible_document_or_404(person, pk):
    matter = visible_matters(person, Matter.objects.filter(type__in=TYPES)).filter(pk=pk).first()
    if matter is None:
        raise NotFound(_("No such document."))
    return matter


@extend_schema(tags=["documents"], responses={200: OpenApiTypes.OBJECT, **errors(401, 404)})
class DocumentDetail(APIView):
    """One document: the matter (as GET /api/matters/{id}/) with `document`, its 18 elements and deliveries."""

    authentication_classes = AUTHENTICATION

    def get(self, request, pk):
        matter = visible_document_or_404(request.user, pk)
        if matter.classification:
            do_record_classified_read(request.user, matter)
        return Response(document_body(request.user, matter))


class IncomingSerializer(serializers.Serializer):
    sender = serializers.CharField(help_text="Organization code (GET /api/organizations/).")
    sender_number = serializers.CharField(required=False, allow_blank=True, max_length=80)
    doc_type = serializers.ChoiceField(choices=DocType.choices)
    title = serializers.CharField(max_length=300)
    body = serializers.CharField(required=False, allow_blank=True)
    received_copies = serializers.IntegerField(min_value=1, default=1)
    received_at = serializers.DateTimeField(required=False)
    classification = serializers.IntegerField(min_value=Clearance.NONE, max_value=Clearance.TOP_SECRET, default=0)
    classification_period = serializers.CharField(required=False, allow_blank=True, max_length=60)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    attachment_note = serializers.CharField(required=False, allow_blank=True)


class IncomingBatchSerializer(serializers.Serializer):
    documents = IncomingSerializer(many=True, allow_empty=False)


class OutgoingSerializer(serializers.Serializer):
    doc_type = serializers.ChoiceField(choices=DocType.choices)
    title = serializers.CharField(max_length=300)
    number_prefix = serializers.CharField(help_text="Prefix code, e.g. office (衡政办发).")
    body = serializers.CharField(required=False, allow_blank=True, help_text="Empty: the type's skeleton.")
    main_recipients = serializers.ListField(child=serializers.CharField(), required=False)
    cc_recipients = serializers.ListField(child=serializers.CharField(), required=False)
    classification = serializers.IntegerField(min_value=Clearance.NONE, max_value=Clearance.TOP_SECRET, default=0)
    classification_period = serializers.CharField(required=False, allow_blank=True, max_length=60)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    attachment_note = serializers.CharField(required=False, allow_blank=True)
    annotation = serializers.CharField(required=False, allow_blank=True)
    important = serializers.BooleanField(default=False)
    carries_several_matters = serializers.BooleanField(default=False)


def _validated(serializer_class, data):
    refuse_manual_number(data)
    form = serializer_class(data=data)
    form.is_valid(raise_exception=True)
    return form.validated_data


@extend_schema(tags=["documents"], request=IncomingSerializer,
               responses={201: MatterDetailSerializer, **errors(400, 401, 403)})
class IncomingCreate(APIView):
    """签收 one incoming document (Secretariat Section 1's clerks); register it with the action `register`."""

    authentication_classes = AUTHENTICATION

    def post(self, request):
        matter = do_sign_in_document(request.user, **_validated(IncomingSerializer, request.data))
        return Response(document_body(request.user, matter), status=status.HTTP_201_CREATED)


@extend_schema(tags=["documents"], request=IncomingBatchSerializer,
               responses={201: OpenApiTypes.OBJECT, **errors(400, 401, 403)})
class IncomingBatch(APIView):
    """签收 a batch from the exchange box: all documents, or none. Answers with their ids."""

    authentication_classes = AUTHENTICATION

    def post(self, request):
        items = request.data.get("documents") if isinstance(request.data, dict) else None
        for item in items if isinstance(items, list) else []:
            refuse_manual_number(item)
        given = _validated(IncomingBatchSerializer, request.data)
        matters = do_sign_in_batch(request.user, given["documents"])
        return Response({"documents": [m.pk for m in matters]}, status=status.HTTP_201_CREATED)


@extend_schema(tags=["documents"], request=OutgoingSerializer,
               responses={201: MatterDetailSerializer, **errors(400, 401, 403)})
class OutgoingCreate(APIView):
    """Start a draft (起草) in the caller's unit; submit it with the action `submit`."""

    authentication_classes = AUTHENTICATION

    def post(self, request):
        matter = do_start_draft(request.user, **_validated(OutgoingSerializer, request.data))
        return Response(document_body(request.user, matter), status=status.HTTP_201_CREATED)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema(tags=["documents"], request=NoteSerializer, responses={200: OpenApiTypes.OBJECT, **errors(400, 401, 403, 404, 409)})
class DocumentChase(APIView):
    """催办: remind the people holding the document now."""

    authentication_classes = AUTHENTICATION

    def post(self, request, pk):
        matter = visible_document_or_404(request.user, pk)
        do_chase_document(request.user, matter, _validated(NoteSerializer, request.data)["note"])
        return Response(document_body(request.user, matter))


class ReceiptSerializer(serializers.Serializer):
    received_by_name = serializers.CharField(max_length=100)
    received_at = serializers.DateTimeField(required=False)


@extend_schema(tags=["documents"], request=ReceiptSerializer, responses={200: DeliverySerializer, **errors(400, 401, 403, 404, 409)})
class DeliveryReceipt(APIView):
    """Record a recipient's receipt (回执) of its copy."""

    authentication_classes = AUTHENTICATION

    def post(self, request, pk, delivery_id):
        matter = visible_document_or_404(request.user, pk)
        delivery = Delivery.objects.filter(pk=delivery_id, document_id=matter.pk).first()
        if delivery is None:
            raise NotFound(_("No such delivery."))
        delivery = do_confirm_receipt(request.user, delivery, **_validated(ReceiptSerializer, request.data))
        return Response(DeliverySerializer(delivery).data)


@extend_schema(tags=["documents"], parameters=[
    OpenApiParameter("kind", OpenApiTypes.STR), OpenApiParameter("q", OpenApiTypes.STR, description="Part of a name or code.")],
    responses={200: OrganizationSerializer(many=True), **errors(401)})
class OrganizationList(generics.ListAPIView):
    """The directory of organizations documents come from and go to."""

    authentication_classes = AUTHENTICATION
    serializer_class = OrganizationSerializer

    def get_queryset(self):
        orgs = Organization.objects.filter(active=True).select_related("handling_unit")
        params = self.request.query_params
        if params.get("kind"):
            orgs = orgs.filter(kind=params["kind"])
        if params.get("q", "").strip():
            words = params["q"].strip()
            orgs = orgs.filter(Q(name_zh__icontains=words) | Q(short_name_zh__icontains=words)
                               | Q(name_en__icontains=words) | Q(code__icontains=words))
        return orgs


urlpatterns = [
    path("documents/", DocumentList.as_view(), name="api-documents"),
    path("documents/incoming/", IncomingCreate.as_view(), name="api-documents-incoming"),
    path("documents/incoming/batch/", IncomingBatch.as_view(), name="api-documents-incoming-batch"),
    path("documents/outgoing/", OutgoingCreate.as_view(), name="api-documents-outgoing"),
    path("documents/<int:pk>/", DocumentDetail.as_view(), name="api-document"),
    path("documents/<int:pk>/chase/", DocumentChase.as_view(), name="api-document-chase"),
    path("documents/<int:pk>/deliveries/<int:delivery_id>/receipt/", DeliveryReceipt.as_view(), name="api-delivery-receipt"),
    path("organizations/", OrganizationList.as_view(), name="api-organizations"),
]
