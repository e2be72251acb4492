import django_filters
from django.utils.translation import gettext_lazy as _

from shegong.areas.models import Area
from shegong.core.filtersets import RecordFilterSet
from shegong.core.registry import register_filterset
from shegong.core.roles import Role

from .models import Membership, User


@register_filterset
class UserFilterSet(RecordFilterSet):
    search_fields = ("username", "first_name", "last_name", "email")
    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=Role.choices, field_name="memberships__role", distinct=True
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Within area"),
        queryset=Area.objects.exclude(level="community"),
        method="filter_area",
    )

    class Meta:
        model = User
        fields = ["is_active", "organisation", "role", "area"]

    def filter_area(self, queryset, name, value):
        return queryset.filter(area__path__startswith=value.path) if value else queryset


@register_filterset
class MembershipFilterSet(RecordFilterSet):
    search_fields = ("user__username", "user__last_name", "user__first_name")

    class Meta:
        model = Membership
        fields = ["role", "user", "area", "organisation"]
