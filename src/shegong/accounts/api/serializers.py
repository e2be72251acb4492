from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from shegong.core.api.serializers import RecordSerializer

from ..models import ApiToken, Membership, User
from ..services import PASSWORD_BY_ADMIN_REFUSED


class UserSerializer(RecordSerializer):
    """No password: nobody sets another person's password; an administrator starts a reset
    (``POST /api/v1/users/<id>/password-reset/``) and the person chooses it (issue 10)."""

    def to_internal_value(self, data):
        if hasattr(data, "keys") and "password" in data:
            raise serializers.ValidationError({"password": [str(PASSWORD_BY_ADMIN_REFUSED)]})
        return super().to_internal_value(data)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "last_name",
            "first_name",
            "email",
            "phone",
            "area",
            "organisation",
            "is_active",
            "last_login",
            "date_joined",
            "version",
        ]
        read_only_fields = ["last_login", "date_joined"]


class PasswordResetSerializer(serializers.Serializer):
    email = serializers.CharField(
        read_only=True, help_text=_("Where the link was e-mailed (empty: not e-mailed).")
    )
    link = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=_("The one-time link, only when it was not e-mailed: give it to the person."),
    )


class MembershipSerializer(RecordSerializer):
    class Meta:
        model = Membership
        fields = [
            "id",
            "user",
            "role",
            "area",
            "organisation",
            "valid_from",
            "valid_until",
            "version",
        ]


class ApiTokenSerializer(serializers.ModelSerializer):
    days = serializers.IntegerField(write_only=True, required=False, min_value=1)
    key = serializers.SerializerMethodField(
        help_text=_("The token itself: shown once, on creation.")
    )

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "prefix",
            "expires_at",
            "revoked_at",
            "last_used_at",
            "created_at",
            "days",
            "key",
        ]
        read_only_fields = ["prefix", "expires_at", "revoked_at", "last_used_at", "created_at"]

    def get_key(self, obj) -> str | None:
        return getattr(obj, "key", None)
