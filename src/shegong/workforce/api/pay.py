"""API of grades, pay, promotion and insurance (PAY-1 to PAY-3). Lists and details are read
only (the tables are kept on the pages); pay records carry their flags; writes are the
imports and the promotion workflow, each calling one function of ``workforce.pay`` or
``workforce.imports``.

- ``POST pay-records/import/``, ``POST insurance-contributions/import/`` (multipart ``file``,
  ``dry_run``, ``reason``): 200 with the report when clean (written, or a dry run), 400 with
  every problem by row and column, 403 for callers who may not import; a file of more than
  ``core.importing.INLINE_ROWS`` rows (not a dry run) is imported as the background job
  ``import_pay_file``: 202 with ``{"job", "status", "url"}`` (``core.importing.api``).
- ``GET insurance-contributions/by-organisation/``: late and short per organisation.
- ``POST promotion-applications/`` ``{"employment", "to_grade", "reason"}``;
  ``POST promotion-applications/{id}/approve/`` ``{"effective_from", "reason"}``;
  ``POST promotion-applications/{id}/refuse/`` ``{"reason"}``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from shegong.core.api.parsers import JSONParser
from shegong.core.api.serializers import RecordSerializer, RestrictedRelatedField, validated_input
from shegong.core.api.viewsets import ReadOnlyRecordViewSet
from shegong.core.importing.api import (
    ImportErrorSerializer,
    ImportReportSerializer,
    ImportRequestSerializer,
    import_schema,
    upload_response,
)
from shegong.core.permissions import can, can_any, restrict

from .. import pay
from ..filtersets import (
    EmploymentGradeFilterSet,
    GradeFilterSet,
    InsuranceContributionFilterSet,
    PayGuidanceFilterSet,
    PayRecordFilterSet,
    PromotionApplicationFilterSet,
    TechnicianPayFilterSet,
)
from ..imports import DECLARATIONS
from ..models import (
    Employment,
    EmploymentGrade,
    Grade,
    InsuranceContribution,
    PayGuidance,
    PayRecord,
    PromotionApplication,
    TechnicianPay,
)


class GradeSerializer(RecordSerializer):
    class Meta:
        model = Grade
        fields = [
            "id",
            "order",
            "code",
            "name",
            "name_en",
            "required_level",
            "min_years",
            "is_active",
            "version",
        ]


class PayGuidanceSerializer(RecordSerializer):
    class Meta:
        model = PayGuidance
        fields = ["id", "year", "grade", "step", "base", "post", "performance", "total", "version"]


class TechnicianPaySerializer(RecordSerializer):
    class Meta:
        model = TechnicianPay
        fields = ["id", "year", "grade", "step", "total", "source", "version"]


class EmploymentGradeSerializer(RecordSerializer):
    class Meta:
        model = EmploymentGrade
        fields = ["id", "employment", "grade", "step", "valid_from", "version"]


class PayRecordSerializer(RecordSerializer):
    guidance_total = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True, allow_null=True
    )
    technician_total = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True, allow_null=True
    )
    below_guidance = serializers.BooleanField(read_only=True)
    below_technician = serializers.BooleanField(read_only=True)

    class Meta:
        model = PayRecord
        fields = [
            "id",
            "employment",
            "month",
            "grade",
            "step",
            "base",
            "post",
            "performance",
            "total",
            "guidance_total",
            "technician_total",
            "below_guidance",
            "below_technician",
            "import_batch",
            "version",
        ]


class InsuranceContributionSerializer(RecordSerializer):
    late = serializers.BooleanField(read_only=True)
    short = serializers.BooleanField(read_only=True)

    class Meta:
        model = InsuranceContribution
        fields = [
            "id",
            "employment",
            "month",
            "base",
            "employer_share",
            "employee_share",
            "amount_due",
            "due_date",
            "paid_on",
            "amount_paid",
            "late",
            "short",
            "import_batch",
            "version",
        ]


class PromotionApplicationSerializer(RecordSerializer):
    class Meta:
        model = PromotionApplication
        fields = [
            "id",
            "employment",
            "to_grade",
            "submitted_on",
            "status",
            "eligible",
            "reasons",
            "decided_by",
            "decided_at",
            "decision_note",
            "effective_from",
            "version",
        ]


class PayImportRequest(ImportRequestSerializer):  # named as before in the API schema
    pass


class PayImportError(ImportErrorSerializer):  # named as before in the API schema
    pass


class PayImportReportSerializer(ImportReportSerializer):  # the toolkit's report, with its kind
    kind = serializers.CharField()
    errors = PayImportError(many=True)


class OrganisationInsuranceSerializer(serializers.Serializer):
    organisation = serializers.IntegerField()
    name = serializers.CharField()
    contributions = serializers.IntegerField()
    late = serializers.IntegerField()
    short = serializers.IntegerField()
    employees = serializers.IntegerField()
    shortfall = serializers.DecimalField(max_digits=14, decimal_places=2)


def _import(kind, request):
    """PAY-1, PAY-3: the toolkit's upload (a background job above ``INLINE_ROWS`` rows)."""
    return upload_response(DECLARATIONS[kind], request)


IMPORT_SCHEMA = import_schema(PayImportReportSerializer, PayImportRequest)


class GradeViewSet(ReadOnlyRecordViewSet):
    queryset = Grade.objects.all()
    serializer_class = GradeSerializer
    filterset_class = GradeFilterSet


class PayGuidanceViewSet(ReadOnlyRecordViewSet):
    queryset = PayGuidance.objects.select_related("grade")
    serializer_class = PayGuidanceSerializer
    filterset_class = PayGuidanceFilterSet


class TechnicianPayViewSet(ReadOnlyRecordViewSet):
    queryset = TechnicianPay.objects.select_related("grade")
    serializer_class = TechnicianPaySerializer
    filterset_class = TechnicianPayFilterSet


class SetGradeInput(serializers.Serializer):
    employment = RestrictedRelatedField(queryset=Employment.objects.all())
    grade = serializers.PrimaryKeyRelatedField(queryset=Grade.objects.filter(is_active=True))
    step = serializers.IntegerField(min_value=1, max_value=99, default=1)
    valid_from = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class EmploymentGradeViewSet(ReadOnlyRecordViewSet):
    queryset = EmploymentGrade.objects.select_related("grade")
    serializer_class = EmploymentGradeSerializer
    filterset_class = EmploymentGradeFilterSet
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=SetGradeInput, responses={201: EmploymentGradeSerializer})
    def create(self, request):
        """PAY-2: place an employment on a grade and step from a date (on hiring, or a step
        increase; a move up the ladder is a promotion application)."""
        if not can_any(request.user, "add", EmploymentGrade):
            raise PermissionDenied
        data = validated_input(SetGradeInput, request)
        row = pay.set_grade(
            request.user,
            data["employment"],
            data["grade"],
            data["step"],
            data["valid_from"],
            reason=data["reason"],
        )
        return Response(EmploymentGradeSerializer(row).data, status=status.HTTP_201_CREATED)


class CorrectPayInput(serializers.Serializer):
    base = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    post = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    performance = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    reason = serializers.CharField(max_length=500)
    expected_version = serializers.IntegerField(required=False, allow_null=True, default=None)


class PaymentInput(serializers.Serializer):
    paid_on = serializers.DateField(allow_null=True)
    amount_paid = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    reason = serializers.CharField(max_length=500)
    expected_version = serializers.IntegerField(required=False, allow_null=True, default=None)


class PayRecordViewSet(ReadOnlyRecordViewSet):
    queryset = PayRecord.objects.all()
    serializer_class = PayRecordSerializer
    filterset_class = PayRecordFilterSet

    def get_queryset(self):
        return pay.pay_flags(super().get_queryset())

    @extend_schema(request=CorrectPayInput, responses={200: PayRecordSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        """PAY-1: correct the components of a pay record, with a reason."""
        record = self.get_object()
        if not can(request.user, "change", record):
            raise PermissionDenied
        data = validated_input(CorrectPayInput, request)
        done = pay.correct_pay(request.user, record, **data)
        return Response(PayRecordSerializer(pay.pay_flags().get(pk=done.pk)).data)

    @extend_schema(**IMPORT_SCHEMA, summary="Import pay records (all or nothing)")
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_file(self, request):
        return _import("pay", request)


class InsuranceContributionViewSet(ReadOnlyRecordViewSet):
    queryset = InsuranceContribution.objects.all()
    serializer_class = InsuranceContributionSerializer
    filterset_class = InsuranceContributionFilterSet

    def get_queryset(self):
        return pay.insurance_flags(super().get_queryset())

    @extend_schema(request=PaymentInput, responses={200: InsuranceContributionSerializer})
    @action(detail=True, methods=["post"], url_path="record-payment")
    def record_payment(self, request, pk=None):
        """PAY-3: record what was paid of a contribution and when, with a reason."""
        contribution = self.get_object()
        if not can(request.user, "change", contribution):
            raise PermissionDenied
        data = validated_input(PaymentInput, request)
        done = pay.record_insurance_payment(request.user, contribution, **data)
        return Response(InsuranceContributionSerializer(pay.insurance_flags().get(pk=done.pk)).data)

    @extend_schema(**IMPORT_SCHEMA, summary="Import insurance contributions (all or nothing)")
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_file(self, request):
        return _import("insurance", request)

    @extend_schema(responses={200: OrganisationInsuranceSerializer(many=True)})
    @action(
        detail=False,
        methods=["get"],
        url_path="by-organisation",
        pagination_class=None,
        filterset_class=None,
    )
    def by_organisation(self, request):
        visible = restrict(InsuranceContribution.objects.all(), request.user, "view")
        rows = pay.insurance_by_organisation(visible)
        return Response(OrganisationInsuranceSerializer(rows, many=True).data)


class SubmitInput(serializers.Serializer):
    employment = RestrictedRelatedField(queryset=Employment.objects.all())
    to_grade = serializers.PrimaryKeyRelatedField(queryset=Grade.objects.filter(is_active=True))
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ApproveInput(serializers.Serializer):
    effective_from = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class RefuseInput(serializers.Serializer):
    reason = serializers.CharField()


class PromotionApplicationViewSet(ReadOnlyRecordViewSet):
    queryset = PromotionApplication.objects.select_related("to_grade")
    serializer_class = PromotionApplicationSerializer
    filterset_class = PromotionApplicationFilterSet
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=SubmitInput, responses={201: PromotionApplicationSerializer})
    def create(self, request):
        if not can_any(request.user, "add", PromotionApplication):
            raise PermissionDenied
        data = validated_input(SubmitInput, request)
        application = pay.submit_promotion(
            request.user, data["employment"], data["to_grade"], reason=data["reason"]
        )
        return Response(
            PromotionApplicationSerializer(application).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=ApproveInput, responses={200: PromotionApplicationSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        application = self.get_object()
        if not can(request.user, "change", application):
            raise PermissionDenied
        data = validated_input(ApproveInput, request)
        done = pay.approve(request.user, application, data["effective_from"], reason=data["reason"])
        return Response(PromotionApplicationSerializer(done).data)

    @extend_schema(request=RefuseInput, responses={200: PromotionApplicationSerializer})
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        application = self.get_object()
        if not can(request.user, "change", application):
            raise PermissionDenied
        data = validated_input(RefuseInput, request)
        done = pay.refuse(request.user, application, reason=data["reason"])
        return Response(PromotionApplicationSerializer(done).data)
