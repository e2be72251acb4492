"""API of the compliance dashboard (issue 4, point 6) and of the staffing gap (POST-1): the
same figures as the pages, for the records the caller may view."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from shegong.areas.models import Area
from shegong.core.permissions import can_any, restrict
from shegong.organisations.models import Organisation

from .. import compliance, services
from ..choices import GapGrouping
from ..models import ServiceUnit


class DashboardQuery(serializers.Serializer):
    grouping = serializers.ChoiceField(
        choices=compliance.Grouping.CHOICES,
        required=False,
        help_text=_("Rows by district or by organisation (default: by your area)."),
    )
    district = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.filter(level="district"), required=False
    )
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False
    )
    on = serializers.DateField(required=False, help_text=_("Default: today."))
    month_from = serializers.DateField(required=False)
    month_to = serializers.DateField(required=False)

    def validate_district(self, value):
        return self._visible(value, Area)

    def validate_organisation(self, value):
        return self._visible(value, Organisation)

    def _visible(self, value, model):
        user = self.context["request"].user
        if not restrict(model.objects.filter(pk=value.pk), user, "view").exists():
            raise serializers.ValidationError(_("Not found, or not yours to see."))
        return value

    def validate(self, attrs):
        start, end = attrs.get("month_from"), attrs.get("month_to")
        if start and end and start > end:
            raise serializers.ValidationError(
                {"month_to": _("The end month is before the start month.")}
            )
        return attrs


class FiguresSerializer(serializers.Serializer):
    key = serializers.IntegerField(allow_null=True, help_text=_("District or organisation id."))
    label = serializers.CharField()
    rate = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    arrears = serializers.DecimalField(max_digits=14, decimal_places=2)
    gap = serializers.IntegerField(
        allow_null=True, help_text=_("Null: no standard applies to the organisation's units.")
    )

    def get_fields(self):
        fields = super().get_fields()
        for name in compliance.COUNTS:
            fields[name] = serializers.IntegerField()
        return fields

    def to_representation(self, row):
        return {
            "key": row.key,
            "label": str(row.label),
            "rate": None if row.rate is None else str(row.rate),
            "arrears": str(row.arrears),
            "gap": row.gap,
            **{name: row.values[name] for name in compliance.COUNTS},
        }


class DashboardSerializer(serializers.Serializer):
    on = serializers.DateField()
    month_from = serializers.DateField()
    month_to = serializers.DateField()
    grouping = serializers.CharField()
    rows = FiguresSerializer(many=True)
    total = FiguresSerializer()


class ComplianceDashboardView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[DashboardQuery],
        responses={200: DashboardSerializer},
        summary="Compliance figures by district or organisation",
    )
    def get(self, request):
        if not compliance.may_view(request.user):
            raise PermissionDenied
        query = DashboardQuery(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        data = query.validated_data
        grouping = data.get("grouping") or (
            compliance.Grouping.ORGANISATION
            if data.get("district") or data.get("organisation")
            else compliance.default_grouping(request.user)
        )
        board = compliance.dashboard(
            request.user,
            grouping,
            on=data.get("on"),
            month_from=data.get("month_from"),
            month_to=data.get("month_to"),
            district=data.get("district"),
            organisation=data.get("organisation"),
        )
        return Response(DashboardSerializer(board).data)


class GapQuery(serializers.Serializer):
    by = serializers.ChoiceField(choices=GapGrouping.choices, required=False)
    on = serializers.DateField(required=False, help_text=_("Default: today."))


class GapRowSerializer(serializers.Serializer):
    key = serializers.IntegerField(allow_null=True)
    label = serializers.CharField(allow_null=True)
    required = serializers.IntegerField()
    posts = serializers.IntegerField()
    filled = serializers.IntegerField()
    gap = serializers.IntegerField()


class StaffingGapView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[GapQuery],
        responses={200: GapRowSerializer(many=True)},
        summary="Posts the standards call for against the posts that exist (POST-1)",
    )
    def get(self, request):
        if not can_any(request.user, "view", ServiceUnit):
            raise PermissionDenied
        query = GapQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = services.staffing_gap(
            request.user,
            by=query.validated_data.get("by") or GapGrouping.DISTRICT,
            on=query.validated_data.get("on"),
        )
        return Response(GapRowSerializer(rows, many=True).data)
