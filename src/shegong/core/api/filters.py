"""The API's filter backends: the same private-field rules as the pages (issue 10).

``FilterBackend`` builds the filtersets of ``filterset_fields`` on
``core.filtersets.PrivateAwareFilterSet``, so a filter on a private field needs
``view_private`` there too. ``OrderingFilter`` never sorts by a private field (nor through a
relation to one): the order of the rows would tell the hidden values. Such an ``ordering``
term is ignored, as DRF ignores every term it does not accept.
"""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters

from ..filtersets import PrivateAwareFilterSet
from ..privacy import private_target


class FilterBackend(DjangoFilterBackend):
    filterset_base = PrivateAwareFilterSet


class OrderingFilter(filters.OrderingFilter):
    def get_valid_fields(self, queryset, view, context=None):
        model = queryset.model
        return [
            item
            for item in super().get_valid_fields(queryset, view, context)
            if private_target(model, item[0]) is None
        ]
