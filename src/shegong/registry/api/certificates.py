"""Certificate workflow in the API (REG-2, REG-4), all through ``registry.services``.

- ``POST certificates/issue/`` ``{"exam_result": id, "issue_date"?: "YYYY-MM-DD"}``
- ``POST certificates/bulk-issue/`` ``{"exam_results": [id, …]}`` or ``{"session": id}``
  (all or nothing; a session with more than 500 eligible results starts a background job: 202)
- ``POST certificates/{id}/recall/`` ``{"reason": "…", "recalled_on"?: "YYYY-MM-DD"}``
- ``GET certificates/{id}/pdf/``
- ``GET recall-requests/``, ``GET recall-requests/{id}/``,
  ``POST recall-requests/{id}/decide/`` ``{"decision": "recall"|"reject", "note": "…"}``

The reason for the audit trail comes from the ``X-Reason`` header when the body has none.
The read-only list and detail of certificates are in ``api/views.py``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shegong.core.api.serializers import RecordSerializer
from shegong.core.jobs import start_job
from shegong.core.permissions import can_any, restrict

from .. import pdf as certificate_pdf
from ..models import Certificate, ExamResult, ExamSession, RecallRequest
from ..services import certificates as service
from .serializers import CertificateSerializer


class IssueCertificateInputSerializer(serializers.Serializer):
    exam_result = serializers.IntegerField()
    issue_date = serializers.DateField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class BulkIssueCertificateInputSerializer(serializers.Serializer):
    exam_results = serializers.ListField(child=serializers.IntegerField(), required=False)
    session = serializers.IntegerField(required=False)
    issue_date = serializers.DateField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)

    def validate(self, attrs):
        if bool(attrs.get("exam_results")) == bool(attrs.get("session")):
            raise serializers.ValidationError(
                _("Give exactly one of exam_results (a list of examination result ids) or session.")
            )
        return attrs


class RecallCertificateInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    recalled_on = serializers.DateField(required=False)


class RecallDecisionInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["recall", "reject"])
    note = serializers.CharField(max_length=2000)
    recalled_on = serializers.DateField(required=False)


class StartedJobSerializer(serializers.Serializer):
    job = serializers.IntegerField()
    status = serializers.CharField()


class RecallRequestSerializer(RecordSerializer):
    class Meta:
        model = RecallRequest
        fields = [
            "id",
            "certificate",
            "registration",
            "conduct_case",
            "reason",
            "status",
            "decided_on",
            "decision_note",
            "created_at",
            "version",
        ]
        read_only_fields = fields


def _visible_results(user, ids):
    """Results the caller may see, in the order asked; an unseen id is a 404."""
    rows = restrict(ExamResult.objects.filter(pk__in=ids), user, "view").in_bulk()
    missing = [pk for pk in ids if pk not in rows]
    if missing:
        raise Http404(
            _("These examination results do not exist or are not yours to see: %(ids)s")
            % {"ids": ", ".join(str(pk) for pk in missing)}
        )
    return [rows[pk] for pk in ids]


class CertificateWorkflowViewSet(viewsets.GenericViewSet):
    """Workflow actions on certificates (the list and detail are read-only elsewhere)."""

    queryset = Certificate.objects.select_related("person")
    serializer_class = CertificateSerializer
    filter_backends = ()

    def get_queryset(self):
        return restrict(self.queryset.all(), self.request.user, "view")

    def _reason(self, data) -> str:
        return data.get("reason") or self.request.headers.get("X-Reason", "")[:500]

    def _require_issuer(self):
        if not can_any(self.request.user, "add", Certificate):
            raise PermissionDenied

    @extend_schema(request=IssueCertificateInputSerializer, responses={201: CertificateSerializer})
    @action(detail=False, methods=["post"])
    def issue(self, request):
        self._require_issuer()
        body = IssueCertificateInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        (result,) = _visible_results(request.user, [data["exam_result"]])
        cert = service.issue_certificate(
            request.user, result, data.get("issue_date"), self._reason(data)
        )
        return Response(CertificateSerializer(cert).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=BulkIssueCertificateInputSerializer,
        responses={201: CertificateSerializer(many=True), 202: StartedJobSerializer},
    )
    @action(detail=False, methods=["post"], url_path="bulk-issue")
    def bulk_issue(self, request):
        self._require_issuer()
        body = BulkIssueCertificateInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if data.get("session"):
            session = get_object_or_404(
                restrict(ExamSession.objects.all(), request.user, "view"), pk=data["session"]
            )
            results = list(service.eligible_results(request.user, session))
            if len(results) > service.BULK_INLINE_LIMIT:
                row = start_job(
                    service.BULK_JOB,
                    request.user,
                    {
                        "session": session.pk,
                        "issue_date": data["issue_date"].isoformat()
                        if data.get("issue_date")
                        else "",
                        "reason": self._reason(data),
                    },
                    f"Certificates for {session}",
                )
                return Response(
                    {"job": row.pk, "status": row.status}, status=status.HTTP_202_ACCEPTED
                )
        else:
            results = _visible_results(request.user, data["exam_results"])
        issued = service.issue_certificates(
            request.user, results, data.get("issue_date"), self._reason(data)
        )
        return Response(
            CertificateSerializer(issued, many=True).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=RecallCertificateInputSerializer, responses={200: CertificateSerializer})
    @action(detail=True, methods=["post"])
    def recall(self, request, pk=None):
        cert = self.get_object()
        body = RecallCertificateInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        cert = service.recall_certificate(
            request.user, cert, data["reason"], data.get("recalled_on")
        )
        return Response(CertificateSerializer(cert).data)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(
                response=OpenApiTypes.BINARY, description="The certificate"
            )
        }
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        cert = self.get_object()
        response = HttpResponse(
            certificate_pdf.render_certificate(cert), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'inline; filename="{cert.number}.pdf"'
        return response


class RecallRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    queryset = RecallRequest.objects.select_related("certificate")
    serializer_class = RecallRequestSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        return restrict(self.queryset.all(), self.request.user, "view")

    @extend_schema(request=RecallDecisionInputSerializer, responses={200: RecallRequestSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        obj = self.get_object()
        body = RecallDecisionInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if data["decision"] == "recall":
            service.recall_on_request(request.user, obj, data["note"], data.get("recalled_on"))
        else:
            service.reject_recall_request(request.user, obj, data["note"])
        obj.refresh_from_db()
        return Response(RecallRequestSerializer(obj).data)


def register_routes(router) -> None:
    """Add this part's viewsets to the register's API router."""
    # Registered before the read-only ``certificates`` routes of ``api/views.py``, under the
    # same prefix, so ``certificates/issue/`` is not taken for a certificate id.
    router.register("certificates", CertificateWorkflowViewSet, basename="certificate-workflow")
    router.register("recall-requests", RecallRequestViewSet, basename="recallrequest")
