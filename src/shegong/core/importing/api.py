"""The API of every file import (issue 11): ``POST …/import/`` (multipart ``file``,
``dry_run``, ``reason``) runs the module's :class:`~shegong.core.importing.Importer` like the
upload page and the command do: 200 with the report when the file is clean (written, or a dry
run), 400 with every problem by row and column otherwise, 403 for callers who may not import.
A file of more than ``INLINE_ROWS`` rows (not a dry run) is imported as the importer's
background job, as on the page: 202 with ``{"job": id, "status": …, "url": …}`` (and a
``Location`` header), followed at ``GET /api/v1/jobs/{id}/``.

A viewset for the import alone mixes in :class:`ImportUploadMixin` (its ``create``); an
``@action`` on a model's viewset answers with :func:`upload_response`. The documented
responses are :func:`import_schema`'s (``extend_schema(**import_schema(ReportSerializer))``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from ..jobs import start_job
from ..limits import MaxUploadSize
from ..uploads import store_upload
from . import count_rows


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


# The report of an import counting what it ``created`` (``ImportReport.as_dict``); an import
# counting more declares its own. (No docstring: it would become the schema's description.)
class ImportReportSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    written = serializers.BooleanField()
    total_rows = serializers.IntegerField()
    created = serializers.IntegerField()
    batch = serializers.CharField()
    errors = ImportErrorSerializer(many=True)


class ImportJobSerializer(serializers.Serializer):
    job = serializers.IntegerField(help_text="the background job's id")
    status = serializers.CharField(help_text="pending, running, done or failed")
    url = serializers.CharField(help_text="GET it for progress, errors and the report")


def import_schema(report_serializer, request_serializer=ImportRequestSerializer) -> dict:
    """``extend_schema`` arguments of an import endpoint answering with ``report_serializer``."""
    return {
        "request": {"multipart/form-data": request_serializer},
        "responses": {200: report_serializer, 202: ImportJobSerializer, 400: report_serializer},
    }


def upload_response(importer, request) -> Response:
    """Check, import or queue the uploaded file of ``request`` with ``importer``."""
    if not importer.may_import(request.user):
        raise PermissionDenied
    form = ImportRequestSerializer(data=request.data)
    form.is_valid(raise_exception=True)
    upload = form.validated_data["file"]
    data = upload.read()
    dry_run = form.validated_data["dry_run"]
    reason = form.validated_data.get("reason") or request.headers.get("X-Reason", "")[:500]
    reason = reason or _("import of %(name)s") % {"name": upload.name}
    if not dry_run and importer.in_background(count_rows(data, upload.name)):
        row = start_job(
            importer.job_kind,
            request.user,
            {
                **importer.job_params,
                "path": store_upload(data, upload.name),
                "filename": upload.name,
                "reason": reason,
            },
            str(importer.job_title) % {"name": upload.name},
        )
        url = request.build_absolute_uri(reverse("api:job-detail", args=[row.pk]))
        return Response(
            {"job": row.pk, "status": row.status, "url": url},
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": url},
        )
    report = importer.run(request.user, data, upload.name, dry_run=dry_run, reason=reason)
    code = status.HTTP_400_BAD_REQUEST if report.errors else status.HTTP_200_OK
    return Response(report.as_dict(), status=code)


class ImportUploadMixin:
    """``create`` of a viewset that only imports (``importer``: the declaration)."""

    importer = None
    parser_classes = [MultiPartParser, FormParser]

    def create(self, request):
        return upload_response(self.importer, request)
