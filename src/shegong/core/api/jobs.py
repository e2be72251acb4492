"""``GET /api/v1/jobs/`` and ``GET /api/v1/jobs/{id}/``: the caller's own background jobs
(status, progress, errors) and ``GET /api/v1/jobs/{id}/result/``: the result file once done.

A job is its owner's only (``Job.access``: ``OWN``); anyone else's is 404, as in the UI."""

from django.http import FileResponse, Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action

from ..models import Job
from ..permissions import restrict

#: The kinds of result file a job writes (exports, import reports), by suffix: declared in the
#: schema and sent as such, not guessed from the platform's MIME table.
RESULT_TYPES = {
    ".csv": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def result_type(name: str) -> str:
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return RESULT_TYPES.get(suffix, "application/octet-stream")


class JobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True, help_text="0 to 100")
    result = serializers.SerializerMethodField(help_text="where to download the result file")

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "title",
            "status",
            "done",
            "total",
            "percent",
            "errors",
            "result_name",
            "result",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_result(self, obj) -> str | None:
        if not obj.result_file:
            return None
        url = reverse("api:job-result", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class JobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's background jobs, newest first."""

    queryset = Job.objects.all()
    serializer_class = JobSerializer
    filterset_fields = ["kind", "status"]

    def get_queryset(self):
        return restrict(self.queryset.all(), self.request.user, "view")

    @extend_schema(
        responses={(200, media_type): OpenApiTypes.BINARY for media_type in RESULT_TYPES.values()}
    )
    @action(detail=True, methods=["get"])
    def result(self, request, pk=None):
        row = self.get_object()
        if not row.result_file:
            raise Http404
        return FileResponse(
            row.result_file.open("rb"),
            as_attachment=True,
            filename=row.result_name,
            content_type=result_type(row.result_name),
        )
