"""The public register's API (REG-5): anonymous, rate-limited per client IP.

- ``GET /api/v1/public/register/?q=…&district=…&organisation=…&page=…``
- ``POST /api/v1/public/verify/`` with ``{"numbers": [...]}`` (at most 500)

Both read through ``registry.services.public``, as the public pages do. The serializers
describe the answers for the OpenAPI schema; the service already returns plain values.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from shegong.registry.services import public

from ..ratelimit import client_ip, hit


class PublicRateThrottle(BaseThrottle):
    """A fixed-window count per client IP (``portal.ratelimit``); the rate is read from the
    settings at each request (``PUBLIC_REGISTER_RATE``, ``PUBLIC_VERIFY_RATE``)."""

    scope = "public_register"
    setting = "PUBLIC_REGISTER_RATE"

    def allow_request(self, request, view):
        self.wait_time = hit(self.scope, client_ip(request), getattr(settings, self.setting))
        return self.wait_time is None

    def wait(self):
        return self.wait_time


class PublicVerifyThrottle(PublicRateThrottle):
    scope = "public_verify"
    setting = "PUBLIC_VERIFY_RATE"


class ChoiceSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class SanctionSerializer(serializers.Serializer):
    sanction = ChoiceSerializer()
    # "from" is a Python keyword: declared below.
    until = serializers.DateField(allow_null=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField()
        return fields


class PublicEntrySerializer(serializers.Serializer):
    name = serializers.CharField()
    level = ChoiceSerializer()
    register_number = serializers.CharField()
    status = ChoiceSerializer(help_text="registered, suspended, cancelled or expired")
    valid_until = serializers.DateField()
    organisation = serializers.CharField(allow_null=True)
    sanctions = SanctionSerializer(many=True, help_text="Sanctions in force today.")


class PublicRegisterPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    page_size = serializers.IntegerField()
    results = PublicEntrySerializer(many=True)


class VerifyRequestSerializer(serializers.Serializer):
    numbers = serializers.ListField(
        child=serializers.CharField(max_length=40, allow_blank=True),
        allow_empty=False,
        help_text=f"Register or certificate numbers, at most {public.BULK_MAX}.",
    )


class VerifyResultSerializer(serializers.Serializer):
    number = serializers.CharField()
    found = serializers.BooleanField()
    kind = serializers.ChoiceField(choices=["registration", "certificate"], allow_null=True)
    name = serializers.CharField(allow_null=True)
    level = ChoiceSerializer(allow_null=True)
    register_number = serializers.CharField(allow_null=True)
    status = ChoiceSerializer(
        allow_null=True,
        help_text="A registration's status, or a certificate's (valid, recalled).",
    )
    valid_until = serializers.DateField(allow_null=True)
    sanctions = SanctionSerializer(many=True)
    well_formed = serializers.BooleanField(
        help_text="False when the text is neither a register number (SW2026000123) nor a "
        "certificate number (I2026000045): a wrong format rather than a number not found."
    )


class PublicView(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (PublicRateThrottle,)


class PublicRegisterView(PublicView):
    """Search the public register by register number, certificate number or exact full
    name (REG-5). Never returns ID numbers, birth dates, phones or addresses."""

    @extend_schema(
        operation_id="public_register_search",
        tags=["public"],
        parameters=[
            OpenApiParameter(
                "q",
                str,
                required=True,
                description="A register number, a certificate number, or a full name "
                f"(exact, at least {public.MIN_NAME_LENGTH} characters).",
            ),
            OpenApiParameter("district", str, description="An area code, e.g. 440304."),
            OpenApiParameter("organisation", int, description="An organisation's id."),
            OpenApiParameter("page", int, description=f"{public.PAGE_SIZE} results a page."),
        ],
        responses=PublicRegisterPageSerializer,
    )
    def get(self, request):
        params = request.query_params
        try:
            page = int(params.get("page") or 1)
        except ValueError:
            raise ValidationError({"page": [_("A page number is a whole number.")]}) from None
        result = public.search_register(
            params.get("q", ""),
            district=params.get("district") or None,
            organisation=params.get("organisation") or None,
            page=page,
        )
        if result.problem:
            raise ValidationError({"q": [public.problem_message(result.problem)]})
        return Response(
            {
                "count": result.total,
                "page": result.page,
                "pages": result.pages,
                "page_size": result.page_size,
                "results": result.entries,
            }
        )


class PublicVerifyView(PublicView):
    """Verify many register or certificate numbers at once (employers' checks, REG-5)."""

    throttle_classes = (PublicVerifyThrottle,)

    @extend_schema(
        operation_id="public_register_verify",
        tags=["public"],
        request=VerifyRequestSerializer,
        responses=VerifyResultSerializer(many=True),
    )
    def post(self, request):
        sent = request.data.get("numbers") if hasattr(request.data, "get") else None
        if isinstance(sent, list) and len(sent) > public.BULK_MAX:
            # Counted before each number is validated (issue 10: limits before the work).
            raise ValidationError({"numbers": [over_limit_message(len(sent), public.BULK_MAX)]})
        serializer = VerifyRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        numbers = serializer.validated_data["numbers"]
        return Response(public.verify_numbers(numbers))


def over_limit_message(count: int, limit: int) -> str:
    return _("At most %(limit)d numbers can be verified at once; %(count)d were sent.") % {
        "limit": limit,
        "count": count,
    }
