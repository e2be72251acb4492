"""The education API, under ``/api/v1/``. Every write calls ``core.services`` or a function of
``education.services`` / ``education.imports``; rows the caller cannot see are 404; a refused
action is 400 with the service's message; no permission is 403.

- ``training-providers/``, ``courses/``, ``course-sessions/``, ``cpd-rules/``,
  ``training-targets/``: list, read, create, change (``If-Match``);
- ``cpd-records/``: list, read; ``POST`` claims (multipart with ``evidence``);
  ``POST cpd-records/{id}/approve/``, ``…/refuse/``, ``…/withdraw/`` (the claimant) and
  ``…/revoke/`` (an approved record, by an official) (``{"reason"}``);
  ``POST cpd-records/import/`` (multipart ``file``, ``dry_run``, ``reason``): 200 with the
  report, 400 with every problem, 202 with a background job for large files;
- ``cpd-compliance/?rule=&year=&area=&organisation=``: everyone short (EDU-2);
- ``cpd-progress/?person=``: one person's progress against each rule that applies;
- ``cpd-reminders/``: read only;
- ``supervisors/`` (``POST`` appoints after the qualification check),
  ``supervisions/`` (``POST`` starts, refused beyond the ratio; ``…/{id}/end/``),
  ``supervision-sessions/`` (notes hidden for readers without ``view_private``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from shegong.areas.models import Area
from shegong.core.api.parsers import JSONParser
from shegong.core.api.serializers import validated_input
from shegong.core.api.viewsets import ReadOnlyRecordViewSet, RecordViewSet
from shegong.core.importing.api import ImportUploadMixin, import_schema
from shegong.core.permissions import can_any, restrict
from shegong.organisations.models import Organisation
from shegong.people.models import Person

from .. import imports, rules, services
from .. import years as cpd_year
from ..choices import RuleBasis
from ..filtersets import (
    CourseFilterSet,
    CourseSessionFilterSet,
    CpdRecordFilterSet,
    CpdReminderFilterSet,
    CpdRuleFilterSet,
    SupervisionFilterSet,
    SupervisionSessionFilterSet,
    SupervisorFilterSet,
    TrainingProviderFilterSet,
    TrainingTargetFilterSet,
)
from ..models import (
    Course,
    CourseSession,
    CpdRecord,
    CpdReminder,
    CpdRule,
    Supervision,
    SupervisionSession,
    Supervisor,
    TrainingProvider,
    TrainingTarget,
)
from . import serializers as s

NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


class TrainingProviderViewSet(RecordViewSet):
    queryset = TrainingProvider.objects.select_related("organisation")
    serializer_class = s.TrainingProviderSerializer
    filterset_class = TrainingProviderFilterSet
    http_method_names = NO_DELETE


class CourseViewSet(RecordViewSet):
    queryset = Course.objects.select_related("provider")
    serializer_class = s.CourseSerializer
    filterset_class = CourseFilterSet
    create_service = staticmethod(services.create_course)
    update_service = staticmethod(services.update_course)
    http_method_names = NO_DELETE


class CourseSessionViewSet(RecordViewSet):
    queryset = CourseSession.objects.select_related("course")
    serializer_class = s.CourseSessionSerializer
    filterset_class = CourseSessionFilterSet
    http_method_names = NO_DELETE


class CpdRuleViewSet(RecordViewSet):
    queryset = CpdRule.objects.all()
    serializer_class = s.CpdRuleSerializer
    filterset_class = CpdRuleFilterSet
    http_method_names = NO_DELETE


class TrainingTargetViewSet(RecordViewSet):
    queryset = TrainingTarget.objects.select_related("area", "field")
    serializer_class = s.TrainingTargetSerializer
    filterset_class = TrainingTargetFilterSet


class CpdRecordViewSet(mixins.CreateModelMixin, ReadOnlyRecordViewSet):
    """Records: read; ``POST`` claims; approve, refuse, withdraw (the claimant) and revoke (an
    approval, by an official) are actions."""

    queryset = CpdRecord.objects.select_related("person", "session")
    serializer_class = s.CpdRecordSerializer
    filterset_class = CpdRecordFilterSet
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def perform_create(self, serializer):
        if not can_any(self.request.user, "add", CpdRecord):
            raise PermissionDenied
        serializer.instance = services.create_cpd_record(
            self.request.user,
            CpdRecord,
            dict(serializer.validated_data),
            self.request.headers.get("X-Reason", "")[:500],
        )

    def _decide(self, request, function):
        record = self.get_object()
        data = validated_input(s.DecisionInput, request)
        done = function(request.user, record, data["reason"])
        return Response(s.CpdRecordSerializer(done, context={"request": request}).data)

    @extend_schema(request=s.DecisionInput, responses={200: s.CpdRecordSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, services.approve)

    @extend_schema(request=s.DecisionInput, responses={200: s.CpdRecordSerializer})
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._decide(request, services.refuse)

    @extend_schema(
        request=s.DecisionInput,
        responses={200: s.CpdRecordSerializer},
        summary="Withdraw a claim not yet decided (the person or their organisation)",
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._decide(request, services.withdraw)

    @extend_schema(
        request=s.DecisionInput,
        responses={200: s.CpdRecordSerializer},
        summary="Withdraw the approval of a record (an official; a reason is needed)",
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        return self._decide(request, services.revoke)


@extend_schema_view(
    create=extend_schema(
        **import_schema(s.AttendanceReportSerializer),
        summary="Import attendance of course sessions (all or nothing)",
    )
)
class AttendanceImportViewSet(ImportUploadMixin, viewsets.ViewSet):
    """Import a provider's attendance file (all or nothing)."""

    importer = imports.ATTENDANCE_IMPORT


class CpdReminderViewSet(ReadOnlyRecordViewSet):
    queryset = CpdReminder.objects.select_related("person", "rule")
    serializer_class = s.CpdReminderSerializer
    filterset_class = CpdReminderFilterSet


def _rule_and_window(request, rule_id, year):
    today = timezone.localdate()
    if rule_id:
        rule = get_object_or_404(CpdRule, pk=rule_id)
    else:
        in_force = rules.rules_in_force(cpd_year.year_of(today))
        if not in_force:
            raise ValidationError({"rule": [_("No rule is in force.")]})
        rule = in_force[0]
    if rule.basis == RuleBasis.YEAR:
        return rule, rules.Window(year=year or cpd_year.year_of(today))
    return rule, rules.Window(on=today)


class ComplianceViewSet(viewsets.GenericViewSet):
    """EDU-2: everyone short of a rule (computed in the database), paginated."""

    serializer_class = s.ComplianceRowSerializer
    filter_backends: list = []

    @extend_schema(
        parameters=[
            OpenApiParameter("rule", int, description="rule id (default: the first in force)"),
            OpenApiParameter("year", int, description="for a yearly rule (default: this year)"),
            OpenApiParameter("area", int, description="a district (area id)"),
            OpenApiParameter("organisation", int, description="current employer (id)"),
        ],
        responses={200: s.ComplianceRowSerializer(many=True)},
    )
    def list(self, request):
        if not can_any(request.user, "export", CpdRecord):
            raise PermissionDenied
        query = s.ComplianceQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        rule, window = _rule_and_window(request, params.get("rule"), params.get("year"))
        user = request.user
        area = organisation = None
        if params.get("area"):
            area = get_object_or_404(restrict(Area.objects.all(), user), pk=params["area"])
        if params.get("organisation"):
            organisation = get_object_or_404(
                restrict(Organisation.objects.all(), user), pk=params["organisation"]
            )
        rows = rules.compliance(
            rule,
            window,
            restrict(Person.objects.all(), user),
            area=area,
            organisation=organisation,
        )
        page = self.paginate_queryset(rows)
        ids = [r["pk"] for r in page]
        organisations = rules.organisations_of(ids)
        levels = rules.levels_of(ids, rules.window_end(window))
        body = [
            {
                "person": r["pk"],
                "name": r["name"],
                "district": r["area__name"] or "",
                "organisation": organisations.get(r["pk"], ""),
                "level": levels.get(r["pk"], ""),
                "credited": rules.number(r["credited"]),
                "required": rules.number(r["required"]),
                "missing": rules.number(r["missing"]),
                "rule": rule.pk,
            }
            for r in page
        ]
        return self.get_paginated_response(body)


class ProgressViewSet(viewsets.GenericViewSet):
    """EDU-2: one person's progress against every rule in force that applies to them."""

    serializer_class = s.ProgressSerializer
    filter_backends: list = []
    pagination_class = None

    @extend_schema(
        parameters=[OpenApiParameter("person", int, required=True, description="person id")],
        responses={200: s.ProgressSerializer(many=True)},
    )
    def list(self, request):
        query = s.ProgressQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        person = get_object_or_404(
            restrict(Person.objects.all(), request.user), pk=query.validated_data["person"]
        )
        if not can_any(request.user, "view", CpdRecord):
            raise PermissionDenied
        body = [
            {
                "rule": p.rule.pk,
                "name": p.rule.name,
                "unit": p.rule.unit,
                "credited": rules.number(p.credited),
                "required": rules.number(p.required),
                "missing": rules.number(p.missing),
                "met": p.met,
                "message": p.message(),
            }
            for p in rules.progress_of(person)
        ]
        return Response(body)


class SupervisorViewSet(RecordViewSet):
    queryset = Supervisor.objects.select_related("person")
    serializer_class = s.SupervisorSerializer
    filterset_class = SupervisorFilterSet
    create_service = staticmethod(services.appoint_supervisor)
    http_method_names = NO_DELETE


class SupervisionViewSet(mixins.CreateModelMixin, ReadOnlyRecordViewSet):
    queryset = Supervision.objects.select_related("supervisor__person", "supervisee", "assistant")
    serializer_class = s.SupervisionSerializer
    filterset_class = SupervisionFilterSet

    def perform_create(self, serializer):
        if not can_any(self.request.user, "add", Supervision):
            raise PermissionDenied
        serializer.instance = services.start_supervision(
            self.request.user,
            Supervision,
            dict(serializer.validated_data),
            self.request.headers.get("X-Reason", "")[:500],
        )

    @extend_schema(request=s.EndSupervisionInput, responses={200: s.SupervisionSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        supervision = self.get_object()
        data = validated_input(s.EndSupervisionInput, request)
        done = services.end_supervision(request.user, supervision, data["ends_on"], data["reason"])
        return Response(s.SupervisionSerializer(done, context={"request": request}).data)


class SupervisionSessionViewSet(mixins.CreateModelMixin, ReadOnlyRecordViewSet):
    queryset = SupervisionSession.objects.select_related("supervision")
    serializer_class = s.SupervisionSessionSerializer
    filterset_class = SupervisionSessionFilterSet

    def perform_create(self, serializer):
        if not can_any(self.request.user, "add", SupervisionSession):
            raise PermissionDenied
        serializer.instance = services.record_session(
            self.request.user,
            SupervisionSession,
            dict(serializer.validated_data),
            self.request.headers.get("X-Reason", "")[:500],
        )
