"""The base API viewset: same permissions as the UI, writes through services, ETag/If-Match."""

from django.core.exceptions import PermissionDenied
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ParseError
from rest_framework.response import Response

from .. import audit, services
from ..permissions import can, restrict


def with_etag(response: Response, instance) -> Response:
    if hasattr(instance, "version"):
        response["ETag"] = f'"{instance.version}"'
    return response


def parse_if_match(request) -> int | None:
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    try:
        return int(header.removeprefix("W/").strip('"'))
    except ValueError as exc:
        raise ParseError('If-Match must be the ETag of the record, for example "3".') from exc


class RestrictedReadMixin:
    """Reading through ``restrict``: lists mask private fields; a detail shows them in full
    to roles with ``view_private`` on that row, and logs the read."""

    #: Anonymous callers may read (the model's ``access.public`` rows).
    public = False

    def get_queryset(self):
        # Rows the caller cannot see are absent (404). Rows they see but may not change are
        # refused by the service (403).
        return restrict(self.queryset.all(), self.request.user, "view")

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        show_private = bool(getattr(instance, "PRIVATE_FIELDS", ())) and can(
            request.user, "view_private", instance
        )
        if show_private:
            audit.record_read(request.user, instance, instance.PRIVATE_FIELDS)
        context = {**self.get_serializer_context(), "show_private": show_private}
        serializer = self.get_serializer_class()(instance, context=context)
        return with_etag(Response(serializer.data), instance)


class ReadOnlyRecordViewSet(
    RestrictedReadMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Records whose writes are workflow actions elsewhere (e.g. the register's)."""


class RecordViewSet(RestrictedReadMixin, viewsets.ModelViewSet):
    """Subclasses set ``queryset``, ``serializer_class`` and ``filterset_class``."""

    create_service = staticmethod(services.create_record)
    update_service = staticmethod(services.update_record)
    delete_service = staticmethod(services.delete_record)

    def reason(self) -> str:
        return self.request.headers.get("X-Reason", "")[:500]

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        return with_etag(response, self._updated)

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        return with_etag(response, self._updated)

    def perform_create(self, serializer):
        data, m2m = serializer.split_m2m(dict(serializer.validated_data))
        serializer.instance = self._updated = self.create_service(
            self.request.user, self.queryset.model, data, self.reason(), m2m=m2m
        )

    def perform_update(self, serializer):
        data, m2m = serializer.split_m2m(dict(serializer.validated_data))
        serializer.instance = self._updated = self.update_service(
            self.request.user,
            serializer.instance,
            data,
            self.reason(),
            expected_version=parse_if_match(self.request),
            m2m=m2m,
        )

    def perform_destroy(self, instance):
        if not can(self.request.user, "delete", instance):
            raise PermissionDenied
        self.delete_service(self.request.user, instance, self.reason())
