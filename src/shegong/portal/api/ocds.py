"""Open contracting data, OCDS 1.1.5 (issue 14, point 7; ADR 0053): anonymous, rate-limited
like the public register.

- ``GET /api/v1/public/ocds/releases/?page=…&ocid=…``: a release package, 100 procurements a page
- ``GET /api/v1/public/ocds/records/?page=…``: a record package, 100 records a page
- ``GET /api/v1/public/ocds/bulk/``: the newest ZIP of both packages (404 before the first);
  ``POST`` (signed in) starts a new one as a background job.

Built by ``procurement.ocds``; never a draft, a bid or a private field. Money is written as
exact JSON numbers from Decimal, so the answer is written by ``ocds.jsonout``, not DRF's
renderer.
"""

from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings

from shegong.core.jobs import start_job
from shegong.core.models import Job, JobStatus
from shegong.procurement.ocds import bulk, packaging
from shegong.procurement.ocds.jsonout import dumps

from .views import PublicRateThrottle, PublicView


class OcdsRateThrottle(PublicRateThrottle):
    """The public register's rate (``PUBLIC_REGISTER_RATE``) per client IP, counted apart from
    the register's lookups."""

    scope = "public_ocds"


class OcdsView(PublicView):
    throttle_classes = (OcdsRateThrottle,)


PAGE = OpenApiParameter(
    "page", int, description=f"{packaging.PAGE_SIZE} procurements a page, from 1."
)


def _page_number(request) -> int:
    raw = request.query_params.get("page") or "1"
    if not raw.isdigit() or int(raw) < 1:
        raise ValidationError({"page": [_("A page number is a whole number from 1.")]})
    return int(raw)


def _links(request, page) -> dict:
    base = request.build_absolute_uri(request.path)
    links = {}
    if page.has_next:
        links["next"] = f"{base}?page={page.number + 1}"
    if page.number > 1:
        links["prev"] = f"{base}?page={page.number - 1}"
    return links


def _non_empty(page) -> None:
    """OCDS 1.1.5: a package holds at least one release or record (``minItems: 1``), so a page
    with none (past the last page, an unknown ocid, nothing published yet) is a 404 with the
    reason, never an invalid empty package."""
    if not page.procurements:
        if page.number > 1:
            raise NotFound(
                _("There is no page %(n)d: the last page is before it.") % {"n": page.number}
            )
        raise NotFound(_("No procurement is published here yet."))


NOT_FOUND = OpenApiResponse(
    description="Nothing on this page: past the last page, an unknown ocid, or nothing "
    "published yet (a package holds at least one release or record)."
)


def _json(document) -> HttpResponse:
    return HttpResponse(dumps(document), content_type="application/json; charset=utf-8")


class OcdsReleasesView(OcdsView):
    """Every release of the published procurements (planning, tender, award …) as an OCDS
    1.1.5 release package; ``ocid`` narrows to one procurement."""

    @extend_schema(
        operation_id="public_ocds_releases",
        tags=["public"],
        parameters=[PAGE, OpenApiParameter("ocid", str, description="One procurement's ocid.")],
        responses={200: OpenApiTypes.OBJECT, 404: NOT_FOUND},
    )
    def get(self, request):
        page = packaging.page(_page_number(request), request.query_params.get("ocid", ""))
        _non_empty(page)
        uri = request.build_absolute_uri()
        return _json(packaging.release_package(page.procurements, uri, _links(request, page)))


class OcdsRecordsView(OcdsView):
    """One record per published procurement (linked releases and the compiled release) as an
    OCDS 1.1.5 record package."""

    @extend_schema(
        operation_id="public_ocds_records",
        tags=["public"],
        parameters=[PAGE],
        responses={200: OpenApiTypes.OBJECT, 404: NOT_FOUND},
    )
    def get(self, request):
        page = packaging.page(_page_number(request))
        _non_empty(page)
        uri = request.build_absolute_uri()
        release_url = request.build_absolute_uri(reverse("api:public_ocds_releases"))
        package = packaging.record_package(
            page.procurements, uri, release_url, _links(request, page)
        )
        return _json(package)


class OcdsBulkView(OcdsView):
    """The bulk download: a ZIP of the release and record packages of every published
    procurement, written by a background job."""

    # Signed-in users start the job (POST); the download needs no sign-in.
    authentication_classes = api_settings.DEFAULT_AUTHENTICATION_CLASSES

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsAuthenticated()]
        return super().get_permissions()

    @extend_schema(
        operation_id="public_ocds_bulk_download",
        tags=["public"],
        responses={
            (200, "application/zip"): OpenApiTypes.BINARY,
            404: OpenApiResponse(description="No bulk file has been written yet."),
        },
    )
    def get(self, request):
        row = (
            Job.objects.filter(kind=bulk.JOB, status=JobStatus.DONE)
            .exclude(result_file="")
            .order_by("-finished_at")
            .first()
        )
        if row is None:
            raise Http404
        return FileResponse(row.result_file.open("rb"), as_attachment=True, filename=bulk.FILE_NAME)

    @extend_schema(
        operation_id="public_ocds_bulk_start",
        tags=["public"],
        request=None,
        responses={202: OpenApiTypes.OBJECT},
    )
    def post(self, request):
        params = {
            "uri": request.build_absolute_uri(reverse("api:public_ocds_bulk")),
            "release_url": request.build_absolute_uri(reverse("api:public_ocds_releases")),
        }
        row = start_job(bulk.JOB, request.user, params, _("Open contracting data (ZIP)"))
        return Response(
            {
                "job": row.pk,
                "status": row.status,
                "progress": reverse("core:job_detail", args=[row.pk]),
                "download": request.build_absolute_uri(reverse("api:public_ocds_bulk")),
            },
            status=202,
        )
