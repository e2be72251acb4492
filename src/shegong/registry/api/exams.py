"""API of examinations (REG-1, REG-2): sessions, the import of results, corrections.

``POST /api/v1/exam-results/import/`` (multipart: ``file``, ``dry_run``, ``reason``) runs the
same all-or-nothing import as the upload page and ``shegong import_exam_results`` and answers
with the report: 200 when the file is clean (written, or a dry run), 400 with every problem by
row and column otherwise; 403 for callers who may not import results. A file of more than
``core.importing.INLINE_ROWS`` rows (not a dry run) is imported as the background job
``import_exam_results``: 202 with ``{"job": id, "status": …, "url": …}``, followed at
``GET /api/v1/jobs/{id}/``.

``POST /api/v1/exam-results/{id}/correct/`` (``score``, ``passed``, ``reason``; ``If-Match``
optional) corrects a stored result (``exams.correct_result``).
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from shegong.core.api.parsers import JSONParser
from shegong.core.api.serializers import RecordSerializer
from shegong.core.api.viewsets import RecordViewSet, parse_if_match, with_etag
from shegong.core.importing import INLINE_ROWS
from shegong.core.importing.api import (  # noqa: F401 - the serializers are imported from here
    ImportErrorSerializer,
    ImportJobSerializer,
    ImportRequestSerializer,
    ImportUploadMixin,
    import_schema,
)
from shegong.core.permissions import restrict

from ..filtersets import ExamSessionFilterSet
from ..imports import EXAM_IMPORT
from ..models import ExamResult, ExamSession
from ..services import exams
from .serializers import ExamResultSerializer


class ExamSessionSerializer(RecordSerializer):
    class Meta:
        model = ExamSession
        fields = ["id", "year", "level", "exam_date", "version"]
        read_only_fields = ["id", "version"]


class ExamSessionViewSet(RecordViewSet):
    queryset = ExamSession.objects.all()
    serializer_class = ExamSessionSerializer
    filterset_class = ExamSessionFilterSet
    create_service = staticmethod(exams.create_session)
    update_service = staticmethod(exams.update_session)
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class ImportReportSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    written = serializers.BooleanField()
    total_rows = serializers.IntegerField()
    created_people = serializers.IntegerField()
    created_results = serializers.IntegerField()
    created_sessions = serializers.ListField(child=serializers.CharField())
    unchanged = serializers.IntegerField()
    batch = serializers.CharField()
    errors = ImportErrorSerializer(many=True)


@extend_schema_view(
    create=extend_schema(
        **import_schema(ImportReportSerializer),
        summary="Import examination results (all or nothing)",
        description=(
            f"A file of more than {INLINE_ROWS} rows (not a dry run) is imported in "
            "the background: 202 with the job, whose status, progress and errors are at "
            "GET /api/v1/jobs/{id}/ and whose report (CSV) is at GET /api/v1/jobs/{id}/result/."
        ),
    )
)
class ExamResultImportViewSet(ImportUploadMixin, viewsets.ViewSet):
    """Import examination results from a file (all or nothing; ``core.importing.api``)."""

    importer = EXAM_IMPORT


class CorrectResultInput(serializers.Serializer):
    score = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=0,
        max_value=100,
        allow_null=True,
        help_text="0 to 100, one decimal place; null when there is none",
    )
    passed = serializers.BooleanField()
    reason = serializers.CharField(
        allow_blank=True, max_length=500, help_text="required: kept in the audit trail"
    )


class ExamResultActions(viewsets.GenericViewSet):
    """Only ``@action`` routes: the read side is ``api.views.ExamResultViewSet``."""

    queryset = ExamResult.objects.select_related("session", "person")
    serializer_class = CorrectResultInput
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self):
        return restrict(self.queryset.all(), self.request.user, "view")

    @extend_schema(
        request=CorrectResultInput,
        responses={200: ExamResultSerializer},
        parameters=[
            OpenApiParameter(
                "If-Match",
                str,
                OpenApiParameter.HEADER,
                required=False,
                description="the result's ETag (its version); 412 when it changed since",
            )
        ],
        summary="Correct a stored examination result",
    )
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        result = self.get_object()
        form = CorrectResultInput(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        corrected = exams.correct_result(
            request.user,
            result,
            score=data["score"],
            passed=data["passed"],
            reason=data["reason"],
            expected_version=parse_if_match(request),
        )
        body = ExamResultSerializer(corrected, context=self.get_serializer_context()).data
        return with_etag(Response(body), corrected)


def register_routes(router) -> None:
    """Before the read-only ``exam-results`` routes, so ``import/`` is not taken for an id."""
    router.register("exam-results/import", ExamResultImportViewSet, basename="examresult-import")
    router.register("exam-results", ExamResultActions, basename="examresult-action")
    router.register("exam-sessions", ExamSessionViewSet, basename="examsession")
