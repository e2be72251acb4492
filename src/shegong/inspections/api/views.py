"""The ORG-5 API, under ``/api/v1/``, read only (writes are on the pages, through
``inspections.services``): ``inspections/``, ``inspection-findings/``, ``violation-cases/``,
``sanction-decisions/``, ``sanctions/``, ``sanction-appeals/`` and
``disciplinary-measures/``. Rows are restricted as on the pages: authority officers see
their area's, an inspector the inspections they are assigned to, an organisation's
administrator its own findings, decisions, sanctions and appeals (never a complainant's
name), an association its own measures; a row out of reach is 404."""

from shegong.core.api.viewsets import ReadOnlyRecordViewSet

from ..filtersets import (
    AppealFilterSet,
    CaseFilterSet,
    DecisionFilterSet,
    DisciplineFilterSet,
    FindingFilterSet,
    InspectionFilterSet,
    SanctionFilterSet,
)
from ..models import Appeal, Case, Decision, Discipline, Finding, Inspection, Sanction
from . import serializers as s


class InspectionViewSet(ReadOnlyRecordViewSet):
    queryset = Inspection.objects.all()
    serializer_class = s.InspectionSerializer
    filterset_class = InspectionFilterSet
    ordering_fields = ["scheduled_on"]


class FindingViewSet(ReadOnlyRecordViewSet):
    queryset = Finding.objects.all()
    serializer_class = s.InspectionFindingSerializer
    filterset_class = FindingFilterSet


class CaseViewSet(ReadOnlyRecordViewSet):
    queryset = Case.objects.all()
    serializer_class = s.CaseSerializer
    filterset_class = CaseFilterSet
    ordering_fields = ["opened_on"]


class DecisionViewSet(ReadOnlyRecordViewSet):
    queryset = Decision.objects.all()
    serializer_class = s.DecisionSerializer
    filterset_class = DecisionFilterSet
    ordering_fields = ["decided_on"]


class SanctionViewSet(ReadOnlyRecordViewSet):
    queryset = Sanction.objects.all()
    serializer_class = s.OrganisationSanctionSerializer
    filterset_class = SanctionFilterSet
    ordering_fields = ["starts", "ends", "deadline"]


class AppealViewSet(ReadOnlyRecordViewSet):
    queryset = Appeal.objects.all()
    serializer_class = s.SanctionAppealSerializer
    filterset_class = AppealFilterSet
    ordering_fields = ["lodged_on"]


class DisciplineViewSet(ReadOnlyRecordViewSet):
    queryset = Discipline.objects.all()
    serializer_class = s.DisciplineSerializer
    filterset_class = DisciplineFilterSet
    ordering_fields = ["decided_on"]
