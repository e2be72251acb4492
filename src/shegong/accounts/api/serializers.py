from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from shegong.core.api.serializers import RecordSerializer

from ..models import ApiToken, Membership, User


class UserSerializer(RecordSerializer):
    password = serializers.CharField(
        write_only=True,
        required=False,
        style={"input_type": "password"},
        help_text=_("Initial password (on creation), checked by the password policy."),
    )

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
            "password",
        ]
        read_only_fields = ["last_login", "date_joined"]


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
