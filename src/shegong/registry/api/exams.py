"""API of examinations (REG-1, REG-2): sessions, the import of results, corrections.

``POST /api/v1/exam-results/import/`` (multipart: ``file``, ``dry_run``, ``reason``) runs the
same all-or-nothing import as the upload page and ``shegong import_exam_results`` and answers
with the report: 200 when the file is clean (written, or a dry run), 400 with every problem by
row and column otherwise; 403 for callers who may not import results. A file of more than
``imports.INLINE_ROWS`` rows (not a dry run) is imported as the background job
``import_exam_results``: 202 with ``{"job": id, "status": …, "url": …}``, followed at
``GET /api/v1/jobs/{id}/``.

``POST /api/v1/exam-results/{id}/correct/`` (``score``, ``passed``, ``reason``; ``If-Match``
optional) corrects a stored result (``exams.correct_result``).
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from shegong.core.api.parsers import JSONParser
from shegong.core.api.serializers import RecordSerializer
from shegong.core.api.viewsets import RecordViewSet, parse_if_match, with_etag
from shegong.core.jobs import start_job
from shegong.core.limits import MaxUploadSize
from shegong.core.permissions import restrict
from shegong.core.uploads import store_upload

from .. import imports
from ..filtersets import ExamSessionFilterSet
from ..imports import count_rows, import_exam_file
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


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="XLSX or CSV (UTF-8 with or without BOM, GB18030)",
        validators=[MaxUploadSize("import")],
    )
    dry_run = serializers.BooleanField(default=False, help_text="check and report only")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text="row number in the file")
    column = serializers.CharField(help_text="column header as in the file")
    message = serializers.CharField()


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


class ImportJobSerializer(serializers.Serializer):
    job = serializers.IntegerField(help_text="the background job's id")
    status = serializers.CharField(help_text="pending, running, done or failed")
    url = serializers.CharField(help_text="GET it for progress, errors and the report")


class ExamResultImportViewSet(viewsets.ViewSet):
    """Import examination results from a file (all or nothing)."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ImportRequestSerializer},
        responses={
            200: ImportReportSerializer,
            202: ImportJobSerializer,
            400: ImportReportSerializer,
        },
        summary="Import examination results (all or nothing)",
        description=(
            f"A file of more than {imports.INLINE_ROWS} rows (not a dry run) is imported in "
            "the background: 202 with the job, whose status, progress and errors are at "
            "GET /api/v1/jobs/{id}/ and whose report (CSV) is at GET /api/v1/jobs/{id}/result/."
        ),
    )
    def create(self, request):
        if not exams.can_import(request.user):
            raise PermissionDenied
        form = ImportRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        data = upload.read()
        dry_run = form.validated_data["dry_run"]
        reason = form.validated_data.get("reason") or request.headers.get("X-Reason", "")[:500]
        if not dry_run and (count_rows(data, upload.name) or 0) > imports.INLINE_ROWS:
            row = start_job(
                "import_exam_results",
                request.user,
                {
                    "path": store_upload(data, upload.name),
                    "filename": upload.name,
                    "reason": reason or _("import of %(name)s") % {"name": upload.name},
                },
                _("Import of examination results: %(name)s") % {"name": upload.name},
            )
            url = request.build_absolute_uri(reverse("api:job-detail", args=[row.pk]))
            return Response(
                {"job": row.pk, "status": row.status, "url": url},
                status=status.HTTP_202_ACCEPTED,
                headers={"Location": url},
            )
        report = import_exam_file(request.user, data, upload.name, dry_run=dry_run, reason=reason)
        code = status.HTTP_400_BAD_REQUEST if report.errors else status.HTTP_200_OK
        return Response(report.as_dict(), status=code)


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
