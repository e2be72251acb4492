"""The grading API under ``/api/v1/`` (ORG-3), restricted like the pages (rows out of the
caller's reach are 404); every step goes through ``grading.services`` (400 with the refusal,
403 for a role that may not take it):

- ``indicator-systems/``, ``indicator-groups/``, ``indicators/``, ``grading-cycles/``: the
  indicators as data and the cycles (city officials write; a system used by an opened cycle
  no longer changes);
- ``grading-applications/``: ``POST apply/`` (``{"cycle", "organisation"}``), and on one
  application ``claims/``, ``submit/``, ``assign/``, ``publish/``, ``appeal/``;
- ``grading-assignments/``: ``score/`` and ``recuse/`` on one assignment;
- ``grading-scores/``: an evaluator's own scores (and the city officials');
- ``grades/``: ``downgrade/`` and ``revoke/``; ``grading-appeals/``: ``decide/``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from shegong.accounts.models import User
from shegong.core.api.serializers import validated_input
from shegong.core.api.viewsets import ReadOnlyRecordViewSet, RecordViewSet
from shegong.core.permissions import restrict
from shegong.governance.models import Committee
from shegong.organisations.models import Organisation

from .. import filtersets as f
from .. import services
from ..models import (
    Appeal,
    Application,
    Assignment,
    Claim,
    GradingCycle,
    Indicator,
    IndicatorGroup,
    IndicatorSystem,
    OrganisationGrade,
    Score,
)
from . import serializers as s


def _rows(application, rows, with_file):
    by_id = {i.pk: i for i in services.indicators_of(application)}
    found = {}
    for row in rows:
        indicator = by_id.get(row["indicator"])
        if indicator is None:
            raise ValidationError(
                _("Indicator %(id)s is not in this cycle's indicator system.")
                % {"id": row["indicator"]}
            )
        found[indicator] = (
            (row["points"], row["text"], None) if with_file else (row["points"], row["text"])
        )
    return found


class IndicatorSystemViewSet(RecordViewSet):
    queryset = IndicatorSystem.objects.all()
    serializer_class = s.IndicatorSystemSerializer
    filterset_class = f.IndicatorSystemFilterSet
    ordering_fields = ["name"]


class IndicatorGroupViewSet(RecordViewSet):
    queryset = IndicatorGroup.objects.select_related("system")
    serializer_class = s.IndicatorGroupSerializer
    filterset_class = f.IndicatorGroupFilterSet
    ordering_fields = ["order", "code"]


class IndicatorViewSet(RecordViewSet):
    queryset = Indicator.objects.select_related("group")
    serializer_class = s.IndicatorSerializer
    filterset_class = f.IndicatorFilterSet
    ordering_fields = ["order", "code"]


class GradingCycleViewSet(RecordViewSet):
    queryset = GradingCycle.objects.select_related("system")
    serializer_class = s.GradingCycleSerializer
    filterset_class = f.GradingCycleFilterSet
    ordering_fields = ["year"]


class ApplicationViewSet(ReadOnlyRecordViewSet):
    queryset = Application.objects.select_related("organisation", "cycle")
    serializer_class = s.GradingApplicationSerializer
    filterset_class = f.ApplicationFilterSet
    ordering_fields = ["applied_on", "published_on"]

    def _answer(self, request, pk):
        application = self.get_queryset().get(pk=pk)
        return Response(
            s.GradingApplicationSerializer(application, context={"request": request}).data
        )

    @extend_schema(
        request=s.GradingApplyInput,
        responses={201: s.GradingApplicationSerializer},
        summary="Apply",
    )
    @action(detail=False, methods=["post"])
    def apply(self, request):
        data = validated_input(s.GradingApplyInput, request)
        cycle = get_object_or_404(GradingCycle, pk=data["cycle"])
        organisation = get_object_or_404(
            restrict(Organisation.objects.all(), request.user), pk=data["organisation"]
        )
        made = services.apply(request.user, cycle, organisation, reason=data.get("reason", ""))
        body = s.GradingApplicationSerializer(made, context={"request": request}).data
        return Response(body, status=201)

    @extend_schema(
        request=s.GradingClaimsInput,
        responses={200: s.GradingApplicationSerializer},
        summary="Save the self-assessment",
    )
    @action(detail=True, methods=["post"])
    def claims(self, request, pk=None):
        application = self.get_object()
        data = validated_input(s.GradingClaimsInput, request)
        services.save_claims(request.user, application, _rows(application, data["claims"], True))
        return self._answer(request, application.pk)

    @extend_schema(
        request=s.GradingReasonInput,
        responses={200: s.GradingApplicationSerializer},
        summary="Submit the self-assessment",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        application = self.get_object()
        data = validated_input(s.GradingReasonInput, request)
        services.submit(request.user, application, reason=data.get("reason", ""))
        return self._answer(request, application.pk)

    @extend_schema(
        request=s.GradingAssignInput,
        responses={200: s.GradingApplicationSerializer},
        summary="Assign evaluators",
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        application = self.get_object()
        data = validated_input(s.GradingAssignInput, request)
        committee = None
        if data.get("committee"):
            committee = get_object_or_404(
                restrict(Committee.objects.all(), request.user), pk=data["committee"]
            )
        users = list(User.objects.filter(pk__in=data.get("evaluators") or [], is_active=True))
        services.assign(
            request.user,
            application,
            committee=committee,
            evaluators=users,
            reason=data.get("reason", ""),
        )
        return self._answer(request, application.pk)

    @extend_schema(
        request=s.GradingReasonInput,
        responses={200: s.GradingApplicationSerializer},
        summary="Publish the grade",
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        application = self.get_object()
        data = validated_input(s.GradingReasonInput, request)
        services.publish(request.user, application, reason=data.get("reason", ""))
        return self._answer(request, application.pk)

    @extend_schema(
        request=s.GradingAppealInput,
        responses={201: s.GradingAppealSerializer},
        summary="Appeal the grade",
    )
    @action(detail=True, methods=["post"])
    def appeal(self, request, pk=None):
        application = self.get_object()
        data = validated_input(s.GradingAppealInput, request)
        made = services.lodge_appeal(request.user, application, data["grounds"])
        return Response(
            s.GradingAppealSerializer(made, context={"request": request}).data, status=201
        )


class ClaimViewSet(ReadOnlyRecordViewSet):
    queryset = Claim.objects.select_related("indicator", "application")
    serializer_class = s.GradingClaimSerializer
    filterset_class = f.ClaimFilterSet
    ordering_fields = ["points"]


class AssignmentViewSet(ReadOnlyRecordViewSet):
    queryset = Assignment.objects.select_related("evaluator", "application", "committee")
    serializer_class = s.GradingAssignmentSerializer
    filterset_class = f.AssignmentFilterSet
    ordering_fields = ["status"]

    def _answer(self, request, pk):
        row = self.get_queryset().get(pk=pk)
        return Response(s.GradingAssignmentSerializer(row, context={"request": request}).data)

    @extend_schema(
        request=s.GradingScoresInput,
        responses={200: s.GradingAssignmentSerializer},
        summary="Score",
    )
    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        assignment = self.get_object()
        data = validated_input(s.GradingScoresInput, request)
        rows = _rows(assignment.application, data["scores"], False)
        services.score(request.user, assignment, rows, final=data["final"])
        return self._answer(request, assignment.pk)

    @extend_schema(
        request=s.GradingReasonInput,
        responses={200: s.GradingAssignmentSerializer},
        summary="Declare a recusal",
    )
    @action(detail=True, methods=["post"])
    def recuse(self, request, pk=None):
        assignment = self.get_object()
        data = validated_input(s.GradingReasonInput, request)
        services.recuse(request.user, assignment, data.get("reason", ""))
        return self._answer(request, assignment.pk)


class ScoreViewSet(ReadOnlyRecordViewSet):
    queryset = Score.objects.select_related("indicator", "assignment")
    serializer_class = s.GradingScoreSerializer
    filterset_class = f.ScoreFilterSet
    ordering_fields = ["points"]


class GradeViewSet(ReadOnlyRecordViewSet):
    queryset = OrganisationGrade.objects.select_related("organisation")
    serializer_class = s.OrganisationGradeSerializer
    filterset_class = f.GradeFilterSet
    ordering_fields = ["published_on", "grade"]

    def _answer(self, request, pk):
        row = self.get_queryset().get(pk=pk)
        return Response(s.OrganisationGradeSerializer(row, context={"request": request}).data)

    @extend_schema(
        request=s.GradingDowngradeInput,
        responses={200: s.OrganisationGradeSerializer},
        summary="Downgrade",
    )
    @action(detail=True, methods=["post"])
    def downgrade(self, request, pk=None):
        grade = self.get_object()
        data = validated_input(s.GradingDowngradeInput, request)
        services.downgrade(request.user, grade, data["to"], data["reason"])
        return self._answer(request, grade.pk)

    @extend_schema(
        request=s.GradingReasonInput,
        responses={200: s.OrganisationGradeSerializer},
        summary="Revoke",
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        grade = self.get_object()
        data = validated_input(s.GradingReasonInput, request)
        services.revoke(request.user, grade, data.get("reason", ""))
        return self._answer(request, grade.pk)


class AppealViewSet(ReadOnlyRecordViewSet):
    queryset = Appeal.objects.select_related("application")
    serializer_class = s.GradingAppealSerializer
    filterset_class = f.AppealFilterSet
    ordering_fields = ["lodged_on"]

    @extend_schema(
        request=s.GradingDecideInput,
        responses={200: s.GradingAppealSerializer},
        summary="Decide an appeal",
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        appeal = self.get_object()
        data = validated_input(s.GradingDecideInput, request)
        services.decide_appeal(
            request.user,
            appeal,
            data["outcome"],
            data["decision"],
            revised_grade=data.get("revised_grade", ""),
        )
        row = self.get_queryset().get(pk=appeal.pk)
        return Response(s.GradingAppealSerializer(row, context={"request": request}).data)
