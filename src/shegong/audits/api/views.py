"""The audits API, under ``/api/v1/audits/``, restricted like the pages (an organisation reads
its own reports and the audits of its own contracts; rows out of the caller's scope are 404);
writes with rules go through ``audits.services``.

- ``report-forms/``, ``form-sections/``, ``form-fields/``: the annual work report form of each
  year (data);
- ``annual-reports/``: ``POST`` starts a draft (``{"organisation", "year"}``, the purchase of
  services prefilled from the funding ledger); ``POST annual-reports/{id}/values/``
  (``{"values": {code: text}}``, each checked by its field's type, 400 naming the fields);
  ``POST annual-reports/{id}/file/``;
- ``audits/`` (``POST audits/{id}/report/``), ``findings/``, ``required-actions/`` (with
  ``overdue``; ``POST required-actions/{id}/done/`` with the evidence).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from shegong.core.api.serializers import validated_input
from shegong.core.api.viewsets import RecordViewSet

from .. import services
from ..filtersets import (
    AnnualReportFilterSet,
    AuditFilterSet,
    FindingFilterSet,
    FormFieldFilterSet,
    FormSectionFilterSet,
    ReportFormFilterSet,
    RequiredActionFilterSet,
)
from ..models import (
    AnnualReport,
    Audit,
    Finding,
    FormField,
    FormSection,
    ReportForm,
    RequiredAction,
)
from . import serializers as s


class ReportFormViewSet(RecordViewSet):
    queryset = ReportForm.objects.all()
    serializer_class = s.ReportFormSerializer
    filterset_class = ReportFormFilterSet
    ordering_fields = ["year"]


class FormSectionViewSet(RecordViewSet):
    queryset = FormSection.objects.select_related("form")
    serializer_class = s.FormSectionSerializer
    filterset_class = FormSectionFilterSet
    ordering_fields = ["order", "code"]


class FormFieldViewSet(RecordViewSet):
    queryset = FormField.objects.select_related("section")
    serializer_class = s.FormFieldSerializer
    filterset_class = FormFieldFilterSet
    ordering_fields = ["order", "code"]


class AnnualReportViewSet(RecordViewSet):
    queryset = AnnualReport.objects.select_related("organisation", "form")
    serializer_class = s.AnnualReportSerializer
    filterset_class = AnnualReportFilterSet
    ordering_fields = ["year", "filed_on"]
    http_method_names = ["get", "post", "head", "options"]
    create_service = staticmethod(services.create_report)

    def _answer(self, request, pk):
        report = self.get_queryset().get(pk=pk)
        return Response(s.AnnualReportSerializer(report, context={"request": request}).data)

    @extend_schema(
        request=s.ValuesInput,
        responses={200: s.AnnualReportSerializer},
        summary="Save values of a draft report",
    )
    @action(detail=True, methods=["post"])
    def values(self, request, pk=None):
        report = self.get_object()
        data = validated_input(s.ValuesInput, request)
        services.save_values(report, data["values"], actor=request.user)
        return self._answer(request, report.pk)

    @extend_schema(
        request=s.FilingInput, responses={200: s.AnnualReportSerializer}, summary="File the report"
    )
    @action(detail=True, methods=["post"], url_path="file")
    def file_report(self, request, pk=None):
        report = self.get_object()
        data = validated_input(s.FilingInput, request)
        services.file_report(report, actor=request.user, reason=data.get("reason", ""))
        return self._answer(request, report.pk)


class AuditViewSet(RecordViewSet):
    queryset = Audit.objects.select_related("contract", "auditor")
    serializer_class = s.AuditSerializer
    filterset_class = AuditFilterSet
    ordering_fields = ["starts_on", "reported_on"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    @extend_schema(
        request=s.AuditReportInput,
        responses={200: s.AuditSerializer},
        summary="Issue the audit report",
    )
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        audit = self.get_object()
        data = validated_input(s.AuditReportInput, request)
        issued = services.issue_report(
            audit, on=data["on"], summary=data["summary"], actor=request.user
        )
        return Response(s.AuditSerializer(issued, context={"request": request}).data)


class FindingViewSet(RecordViewSet):
    queryset = Finding.objects.select_related("audit")
    serializer_class = s.AuditFindingSerializer
    filterset_class = FindingFilterSet
    ordering_fields = ["number"]
    http_method_names = ["get", "post", "head", "options"]
    create_service = staticmethod(services.add_finding)


class RequiredActionViewSet(RecordViewSet):
    queryset = RequiredAction.objects.select_related("finding")
    serializer_class = s.RequiredActionSerializer
    filterset_class = RequiredActionFilterSet
    ordering_fields = ["due_on", "done_on"]
    http_method_names = ["get", "post", "head", "options"]
    create_service = staticmethod(services.add_action)

    @extend_schema(
        request=s.ActionDoneInput,
        responses={200: s.RequiredActionSerializer},
        summary="Record a required action as done, with the evidence",
    )
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        item = self.get_object()
        data = validated_input(s.ActionDoneInput, request)
        done = services.complete_action(
            item, on=data["on"], evidence=data["evidence"], actor=request.user
        )
        return Response(s.RequiredActionSerializer(done, context={"request": request}).data)
