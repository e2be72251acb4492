"""The base filterset: one per model, shared by the UI list and the API, with a ``q`` search."""

from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.core.validators import EMPTY_VALUES
from django.db.models import Q
from django.forms.widgets import NullBooleanSelect
from django.utils.translation import gettext_lazy as _

from . import audit
from .forms import autocomplete_fields, iso_dates
from .models import AuditIndexEntry, AuditRecord, CalendarDay, PolicyParameter
from .permissions import can_any, restrict
from .privacy import private_rows, private_target
from .registry import register_filterset


class PrivateAwareFilterSet(django_filters.FilterSet):
    """A filterset whose filters on private fields need ``view_private`` (issue 10).

    A filter reaches a private field when its ``field_name`` does (e.g. ``national_id``,
    ``person__phone``) or when ``private_filters`` names it, with the private lookup its
    ``method`` filters on. Such a filter is

    - refused (a form error on the page, a 400 in the API) for a user who may
      ``view_private`` no row of the model that declares the field;
    - applied only to the rows whose private data the user may see (``private_rows``), so a
      district officer cannot confirm an ID number of another district's person;
    - recorded: each matching row gets a read record (``core.audit.record_read``), since a
      match tells its private value as a detail page would.

    It is also the base of the API's filtersets generated from ``filterset_fields``
    (``core.api.filters.FilterBackend``).
    """

    #: Filters whose ``method`` filters a private field under another name: filter name to
    #: the ORM lookup of that field (e.g. ``{"id_number": "national_id"}``).
    private_filters: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for flt in self.filters.values():
            # django-filter keeps a filter's form field once built (``Filter._field``). Built on
            # the class's own filter (drf-spectacular reads ``base_filters[...].field`` when it
            # writes the API schema), it has no label (the class's filters know no model yet),
            # and every filterset copied from it since showed the field's English name
            # ("Status", "Grade") in any language. Each filterset builds its own fields.
            flt.__dict__.pop("_field", None)

    @classmethod
    def private_filter_targets(cls) -> dict[str, tuple[type, str, str]]:
        """Filter name to ``(model declaring the private field, relation path, field)``."""
        model = cls._meta.model
        targets = {}
        for name, flt in cls.base_filters.items():
            target = private_target(model, cls.private_filters.get(name, flt.field_name))
            if target is not None:
                targets[name] = target
        return targets

    def refused_filters(self) -> dict[str, tuple[type, str, str]]:
        """The private filters the user may not use at all (no row's private data to see)."""
        user = getattr(self.request, "user", None)
        return {
            name: target
            for name, target in self.private_filter_targets().items()
            if not can_any(user, "view_private", target[0])
        }

    def get_form_class(self):
        form_class = super().get_form_class()
        refused = self.refused_filters()
        if not refused:
            return form_class
        filters = self.filters

        def clean(form):
            cleaned = super(refused_form, form).clean()
            for name in refused:
                if cleaned.get(name) not in EMPTY_VALUES:
                    label = filters[name].label or name
                    form.add_error(
                        name,
                        _("You may not filter by “%(field)s”: it is private data.")
                        % {"field": label},
                    )
            return form.cleaned_data

        refused_form = type(form_class.__name__, (form_class,), {"clean": clean})
        return refused_form

    def filter_queryset(self, queryset):
        user = getattr(self.request, "user", None)
        used = {
            name: target
            for name, target in self.private_filter_targets().items()
            if self.form.cleaned_data.get(name) not in EMPTY_VALUES
        }
        for target, path, _field in used.values():
            queryset = private_rows(queryset, user, target, path)
        queryset = super().filter_queryset(queryset)
        if used:
            self.record_private_reads(queryset, used)
        return queryset

    def record_private_reads(self, queryset, used: dict) -> None:
        """A read record for each row a private filter matched: the match tells the value."""
        user = getattr(self.request, "user", None)
        by_target: dict[tuple[type, str], list[str]] = {}
        labels = []
        for name, (target, path, field) in used.items():
            by_target.setdefault((target, path), []).append(field)
            labels.append(str(self.filters[name].label or name))
        reason = _("Filter by %(fields)s") % {"fields": ", ".join(labels)}
        for (target, path), fields in by_target.items():
            rows = (
                queryset
                if not path
                else target._default_manager.filter(pk__in=queryset.values(path))
            )
            for obj in rows.order_by().distinct():
                audit.record_read(user, obj, fields, str(reason))


class RecordFilterSet(PrivateAwareFilterSet):
    """Subclasses set ``search_fields``: the lookups that ``q`` searches (icontains).

    A search lookup that reaches a private field matches only rows whose private data the user
    may see (``view_private``); for other rows ``q`` searches the rest of the lookups."""

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
        iso_dates(form)  # ISO date pickers whatever the language (issue 12, defect 1)
        # Choices over tables that can grow are searched as the user types, never listed
        # (issue 13, ADR 0044); a choice made filters the list at once.
        autocomplete_fields(form, **{"data-submit-on-change": ""})
        for field in form.fields.values():
            widget = field.widget
            if isinstance(widget, NullBooleanSelect):
                widget.choices = [("unknown", _("All")), ("true", _("Yes")), ("false", _("No"))]
            elif isinstance(field, forms.ModelChoiceField):
                field.empty_label = _("All")
            elif getattr(field, "empty_label", None) is not None:
                # django-filter's ChoiceField puts its own empty choice ("---------") first,
                # when its choices are set: set them again, without it, under the new label.
                field.empty_label = _("All")
                added = {"", field.null_value if field.null_label is not None else ""}
                field.choices = [(v, label) for v, label in field.choices if v not in added]
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
        return queryset.filter(reduce(or_, (self.search_q(f, value) for f in self.search_fields)))

    def search_q(self, lookup: str, value: str) -> Q:
        q = Q(**{f"{lookup}__icontains": value})
        target = private_target(self._meta.model, lookup)
        user = getattr(self.request, "user", None)
        if target is None or getattr(user, "is_superuser", False):
            return q
        model, path, _field = target
        allowed = private_rows(self._meta.model._default_manager.all(), user, model, path)
        return q & Q(pk__in=allowed.values("pk"))


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
