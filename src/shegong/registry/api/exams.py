"""API of examinations (REG-1, REG-2): sessions, and the import of results.

``POST /api/v1/exam-results/import/`` (multipart: ``file``, ``dry_run``, ``reason``) runs the
same all-or-nothing import as the upload page and ``shegong import_exam_results`` and answers
with the report: 200 when the file is clean (written, or a dry run), 400 with every problem by
row and column otherwise; 403 for callers who may not import results.
"""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from shegong.core.api.serializers import RecordSerializer
from shegong.core.api.viewsets import RecordViewSet

from ..filtersets import ExamSessionFilterSet
from ..imports import import_exam_file
from ..models import ExamSession
from ..services import exams


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
    file = serializers.FileField(help_text="XLSX or CSV (UTF-8 with or without BOM, GB18030)")
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


class ExamResultImportViewSet(viewsets.ViewSet):
    """Import examination results from a file (all or nothing)."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ImportRequestSerializer},
        responses={200: ImportReportSerializer, 400: ImportReportSerializer},
        summary="Import examination results (all or nothing)",
    )
    def create(self, request):
        if not exams.can_import(request.user):
            raise PermissionDenied
        form = ImportRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        report = import_exam_file(
            request.user,
            upload.read(),
            upload.name,
            dry_run=form.validated_data["dry_run"],
            reason=form.validated_data.get("reason") or request.headers.get("X-Reason", "")[:500],
        )
        code = status.HTTP_400_BAD_REQUEST if report.errors else status.HTTP_200_OK
        return Response(report.as_dict(), status=code)


def register_routes(router) -> None:
    """Before the read-only ``exam-results`` routes, so ``import/`` is not taken for an id."""
    router.register("exam-results/import", ExamResultImportViewSet, basename="examresult-import")
    router.register("exam-sessions", ExamSessionViewSet, basename="examsession")
