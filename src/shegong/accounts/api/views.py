from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from shegong.core.api.viewsets import RecordViewSet
from shegong.core.permissions import restrict

from .. import services
from ..filtersets import MembershipFilterSet, UserFilterSet
from ..models import ApiToken, Membership, User
from .serializers import (
    ApiTokenSerializer,
    MembershipSerializer,
    PasswordResetSerializer,
    UserSerializer,
)


def _create_user(actor, model, data, reason="", m2m=None):
    return services.create_user(actor, data, None, reason)


class UserViewSet(RecordViewSet):
    queryset = User.objects.select_related("area", "organisation")
    serializer_class = UserSerializer
    filterset_class = UserFilterSet
    ordering_fields = ["username", "date_joined"]
    create_service = staticmethod(_create_user)
    update_service = staticmethod(services.update_user)
    delete_service = staticmethod(services.delete_user)

    def update(self, request, *args, **kwargs):
        # Who may change whom (issue 10) first: a 403 saying why, before any field is read.
        services.ensure_may_manage(request.user, self.get_object())
        return super().update(request, *args, **kwargs)

    @extend_schema(request=None, responses=PasswordResetSerializer)
    @action(detail=True, methods=["post"], url_path="password-reset")
    def password_reset(self, request, pk=None):
        """Start a password reset (issue 10): a one-time link for the person to choose their
        password, e-mailed when the account has an address, else returned here, once."""
        started = services.start_password_reset(
            request.user, self.get_object(), self.reason(), absolute=request.build_absolute_uri
        )
        data = PasswordResetSerializer(started).data
        return Response(data, status=201, headers={"Cache-Control": "no-store"})


class MembershipViewSet(RecordViewSet):
    queryset = Membership.objects.select_related("user", "area", "organisation")
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilterSet
    create_service = staticmethod(services.create_membership)
    update_service = staticmethod(services.update_membership)
    delete_service = staticmethod(services.end_membership)


class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The caller's own API tokens. DELETE revokes a token (it stays listed as revoked)."""

    serializer_class = ApiTokenSerializer
    queryset = ApiToken.objects.all()
    filterset_class = None

    def get_queryset(self):
        return restrict(ApiToken.objects.filter(user=self.request.user), self.request.user)

    def perform_create(self, serializer):
        token, key = services.issue_token(
            self.request.user,
            self.request.user,
            serializer.validated_data["name"],
            serializer.validated_data.get("days"),
        )
        serializer.instance = token
        token.key = key

    def perform_destroy(self, instance):
        services.revoke_token(self.request.user, instance, self.request.headers.get("X-Reason", ""))


@extend_schema(responses=UserSerializer)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def me(request):
    """The signed-in user, with private fields in full (they are the caller's own)."""
    serializer = UserSerializer(request.user, context={"request": request, "show_private": True})
    roles = [
        {"role": g.role, "area_path": g.area_path, "organisation": g.organisation_id}
        for g in request.user.get_grants()
    ]
    return Response({**serializer.data, "memberships": roles})
