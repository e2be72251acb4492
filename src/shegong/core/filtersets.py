"""The base filterset: one per model, shared by the UI list and the API, with a ``q`` search."""

from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.db.models import Q
from django.forms.widgets import NullBooleanSelect
from django.utils.translation import gettext_lazy as _

from .models import AuditIndexEntry, AuditRecord, CalendarDay, PolicyParameter
from .permissions import restrict
from .registry import register_filterset


class RecordFilterSet(django_filters.FilterSet):
    """Subclasses set ``search_fields``: the lookups that ``q`` searches (icontains)."""

    search_fields: tuple[str, ...] = ()

    q = django_filters.CharFilter(label=_("Search"), method="search")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        for flt in self.filters.values():
            queryset = flt.extra.get("queryset")
            if queryset is not None and not callable(queryset):
                # Choices of a related record go through restrict() like every list. The
                # filter builds its field from its ``queryset`` attribute (django-filter's
                # QuerySetRequestMixin), so both must be the restricted one.
                flt.extra["queryset"] = restrict(queryset, user, "view")
                if hasattr(flt, "queryset"):
                    flt.queryset = flt.extra["queryset"]

    @property
    def form(self):
        form = super().form
        if getattr(form, "_styled", False):
            return form
        for field in form.fields.values():
            widget = field.widget
            if isinstance(widget, NullBooleanSelect):
                widget.choices = [("unknown", _("All")), ("true", _("Yes")), ("false", _("No"))]
            elif isinstance(field, forms.ModelChoiceField):
                field.empty_label = _("All")
            elif isinstance(field, forms.ChoiceField):
                field.choices = [(v, _("All") if v == "" else label) for v, label in field.choices]
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")
        form.order_fields(["q"])  # the search box comes first
        form._styled = True
        return form

    def search(self, queryset, name, value):
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        return queryset.filter(
            reduce(or_, (Q(**{f"{f}__icontains": value}) for f in self.search_fields))
        )


class YearFilter(django_filters.NumberFilter):
    """A calendar year, a whole number from :attr:`MIN_YEAR` to :attr:`MAX_YEAR` (issue 10).

    Every year filter uses it (``field_name="issue_date__year"``, ``"cycle__year"``…): a
    year outside the range, or not a whole number, is a message on the field (the list page's
    filter form shows it with an empty list; the API answers 400 naming the field) instead of
    a ``date(0, 1, 1)`` or an integer too large for the database (a 500)."""

    field_class = forms.IntegerField
    MIN_YEAR = 1900
    MAX_YEAR = 2999

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", self.MIN_YEAR)
        kwargs.setdefault("max_value", self.MAX_YEAR)
        super().__init__(*args, **kwargs)


@register_filterset
class AuditRecordFilterSet(RecordFilterSet):
    search_fields = ("object_repr", "reason", "actor_name", "object_id")
    since = django_filters.DateFilter(
        field_name="timestamp", lookup_expr="date__gte", label=_("From date")
    )
    until = django_filters.DateFilter(
        field_name="timestamp", lookup_expr="date__lte", label=_("To date")
    )
    actor_name = django_filters.CharFilter(lookup_expr="icontains", label=_("Actor"))
    object_id = django_filters.CharFilter(
        method="filter_object_id", label=AuditRecord._meta.get_field("object_id").verbose_name
    )

    class Meta:
        model = AuditRecord
        fields = ["action", "model", "object_id", "correlation_id", "actor_name"]

    def filter_object_id(self, queryset, name, value):
        """The record's own entries and the bulk records (imports) that hold one for it."""
        value = value.strip()
        if not value:
            return queryset
        in_bulk = AuditIndexEntry.objects.filter(object_id=value).values("record_id")
        return queryset.filter(Q(object_id=value) | Q(bulk_count__isnull=False, pk__in=in_bulk))


@register_filterset
class PolicyParameterFilterSet(RecordFilterSet):
    search_fields = ("key", "source", "note")

    class Meta:
        model = PolicyParameter
        fields = ["key", "scope"]


@register_filterset
class CalendarDayFilterSet(RecordFilterSet):
    search_fields = ("name",)

    class Meta:
        model = CalendarDay
        fields = ["kind"]
