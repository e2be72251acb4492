"""Read-only API of the register's records. Writes are workflow actions (``@action``s) added
by the parts of the register in their own modules, all through ``registry.services``."""

from shegong.core.api.viewsets import ReadOnlyRecordViewSet

from ..filtersets import (
    CertificateFilterSet,
    ConductCaseFilterSet,
    ExamResultFilterSet,
    RegistrationApplicationFilterSet,
    RegistrationFilterSet,
)
from ..models import Certificate, ConductCase, ExamResult, Registration, RegistrationApplication
from .serializers import (
    CertificateSerializer,
    ConductCaseSerializer,
    ExamResultSerializer,
    RegistrationApplicationSerializer,
    RegistrationSerializer,
)


class ExamResultViewSet(ReadOnlyRecordViewSet):
    queryset = ExamResult.objects.select_related("session", "person")
    serializer_class = ExamResultSerializer
    filterset_class = ExamResultFilterSet


class CertificateViewSet(ReadOnlyRecordViewSet):
    queryset = Certificate.objects.select_related("person")
    serializer_class = CertificateSerializer
    filterset_class = CertificateFilterSet


class RegistrationViewSet(ReadOnlyRecordViewSet):
    queryset = Registration.objects.select_related("person")
    serializer_class = RegistrationSerializer
    filterset_class = RegistrationFilterSet


class RegistrationApplicationViewSet(ReadOnlyRecordViewSet):
    queryset = RegistrationApplication.objects.select_related("person")
    serializer_class = RegistrationApplicationSerializer
    filterset_class = RegistrationApplicationFilterSet


class ConductCaseViewSet(ReadOnlyRecordViewSet):
    queryset = ConductCase.objects.select_related("person")
    serializer_class = ConductCaseSerializer
    filterset_class = ConductCaseFilterSet


def register_routes(router) -> None:
    router.register("exam-results", ExamResultViewSet, basename="examresult")
    router.register("certificates", CertificateViewSet, basename="certificate")
    router.register("registrations", RegistrationViewSet, basename="registration")
    router.register(
        "registration-applications",
        RegistrationApplicationViewSet,
        basename="registrationapplication",
    )
    router.register("conduct-cases", ConductCaseViewSet, basename="conductcase")
