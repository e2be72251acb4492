"""Base table for generic lists (sort, paginate, export) and a column for private data."""

import datetime
import inspect
import re
from functools import cache, lru_cache, partial, partialmethod

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template import Context, Template
from django.template.base import render_value_in_context
from django.template.defaultfilters import date as date_filter
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _
from django_tables2 import utils as tables_utils

from .display import display_text, display_value, model_name
from .models import AuditRecord, CalendarDay, PolicyParameter
from .privacy import mask, mask_field, private_target
from .registry import register_table


class PrivateColumn(tables.Column):
    """Private personal data: lists and exports always show it masked (free text listed in
    ``PRIVATE_TEXT_FIELDS`` hidden whole), and it is never a sort key: the order of the rows
    would tell the hidden part (issue 10)."""

    def __init__(self, *args, **kwargs):
        kwargs["orderable"] = False
        super().__init__(*args, **kwargs)

    def render(self, value, record, bound_column):
        return self._masked(value, record, bound_column)

    def value(self, value, record, bound_column):
        return self._masked(value, record, bound_column)

    @staticmethod
    def _masked(value, record, bound_column):
        return PrivateColumn.masker(type(record), str(bound_column.accessor))(value)

    @staticmethod
    def masker(model, accessor: str):
        """The function that masks the column's values for records of ``model``."""
        target = private_target(model, accessor.replace(".", "__"))
        if target is None:
            return mask
        return partial(mask_field, target[0], target[2])


def private_columns(table_class) -> dict[str, tuple[type, str, str]]:
    """The columns of ``table_class`` that show, or sort by, a private field."""
    model = table_class._meta.model
    found = {}
    for name, column in table_class.base_columns.items():
        accessor = str(column.accessor or name).replace(".", "__")
        order_by = (str(o).replace(".", "__") for o in column.order_by or ())
        lookups = [accessor, *order_by]
        for lookup in lookups:
            target = private_target(model, lookup)
            if target is not None:
                found[name] = target
                break
    return found


class DisplayColumn(tables.Column):
    """A value as a person reads it (``core.display``): 是/否 for a boolean, a short list of
    labelled values for JSON, local time for a timestamp (issue 12, defect 6)."""

    def __init__(self, *args, labels=None, **kwargs):
        self.labels = labels
        super().__init__(*args, **kwargs)

    def render(self, value):
        shown = display_value(value, labels=self.labels)
        return "—" if shown is None else shown

    def value(self, value):
        return display_text(value, labels=self.labels)


class ModelDisplayColumn(tables.Column):
    """A field without choices whose model says how to show it (``get_<field>_display``, e.g.
    a policy parameter's scope 市 / 全国)."""

    def render(self, record, bound_column):
        return getattr(record, f"get_{bound_column.accessor}_display")()

    def value(self, record, bound_column):
        return self.render(record, bound_column)


def _display_columns(cls) -> None:
    """Boolean and JSON fields shown through :class:`DisplayColumn` (default columns only)."""
    model = cls._meta.model
    labels = getattr(model, "JSON_LABELS", {})
    for name, column in list(cls.base_columns.items()):
        if type(column) not in (tables.Column, tables.BooleanColumn, tables.JSONColumn):
            continue
        try:
            field = model._meta.get_field(str(column.accessor or name))
        except FieldDoesNotExist:
            continue
        if (
            type(column) is tables.Column
            and not field.choices
            and callable(getattr(model, f"get_{field.name}_display", None))
            and f"render_{name}" not in cls.__dict__
        ):
            cls.base_columns[name] = ModelDisplayColumn(
                verbose_name=column.verbose_name,
                accessor=column.accessor or name,
                orderable=column.orderable,
                linkify=column.link is not None,
            )
        elif isinstance(field, models.BooleanField | models.JSONField):
            cls.base_columns[name] = DisplayColumn(
                verbose_name=column.verbose_name,
                accessor=column.accessor,
                orderable=column.orderable,
                linkify=column.link is not None,
                labels=labels.get(field.name),
            )


# Rendering a list in time proportional to its page, cheaply (issue 13). django-tables2 spends
# most of a page's time on work that is the same for every cell of a column: it inspects the
# signature of the column's ``render`` for every cell, compiles the template of a date column
# for every cell, and computes a column's ``<td>`` attributes (three attribute dictionaries and
# their classes) for every cell. The three are done once here; docs/performance.md, "Rendering
# lists", has the figures.

_signature = tables_utils.signature


@lru_cache(maxsize=2048)
def _function_signature(function, bound: bool):
    if bound:  # the signature of the method as bound (without ``self``), computed once
        return _signature(function.__get__(object()))
    return _signature(function)


def _cached_signature(fn):
    function = getattr(fn, "__func__", None)
    if function is None:
        try:
            return _function_signature(fn, False)
        except TypeError:  # not hashable: no caching
            return _signature(fn)
    return _function_signature(function, True)


# ``call_with_appropriate`` (every cell and link of every table) looks ``signature`` up here.
tables_utils.signature = _cached_signature


class _CompiledTemplateColumn:
    """A :class:`~django_tables2.TemplateColumn` (and so the date columns) whose template is
    compiled once per column, not once per cell as django-tables2 does."""

    def render(self, record, table, value, bound_column, **kwargs):
        if not self.template_code:
            return super().render(record, table, value, bound_column, **kwargs)
        date_format = _date_format(self.template_code)
        if (
            date_format is not None
            and not self.extra_context
            and (value is None or type(value) is datetime.date)
        ):
            # A date column's ``{{ value|date:"…"|default:default }}``, without the template.
            return conditional_escape(date_filter(value, date_format) or bound_column.default)
        compiled = _template(self.template_code)
        context = getattr(table, "context", Context())
        extra = {
            "default": bound_column.default,
            "column": bound_column,
            "record": record,
            "value": value,
            "row_counter": kwargs["bound_row"].row_counter,
            **self.extra_context,
        }
        with context.update(extra):
            context["request"] = getattr(table, "request", None)
            return compiled.render(context)


@lru_cache(maxsize=256)
def _template(code: str) -> Template:
    return Template(code)


_DATE_TEMPLATE = re.compile(r'\{\{ value\|date:"([^"]*)"\|default:default \}\}')


@lru_cache(maxsize=256)
def _date_format(code: str) -> str | None:
    """The format of django-tables2's date column template, None for any other template."""
    match = _DATE_TEMPLATE.fullmatch(code)
    return match.group(1) if match else None


@cache
def _compiled_class(cls):
    return type(cls.__name__, (_CompiledTemplateColumn, cls), {})


def _compile_template_columns(cls) -> None:
    for column in cls.base_columns.values():
        if isinstance(column, tables.TemplateColumn) and not isinstance(
            column, _CompiledTemplateColumn
        ):
            column.__class__ = _compiled_class(type(column))


def _static(attrs) -> bool:
    """Whether attributes hold no callable (so they are the same for every cell)."""
    return not any(
        callable(value) or (isinstance(value, dict) and not _static(value))
        for value in attrs.values()
    )


# The cells themselves (issue 13, continued): django-tables2's ``BoundRow.get_cell`` builds a
# dictionary of six arguments per cell, resolves the accessor by trying ``record[name]`` (an
# exception on a model) before ``getattr``, asks the model for the field, calls
# ``get_<field>_display`` (which builds a dictionary of every choice, each call), calls
# ``render`` through ``call_with_appropriate``, and reverses the row's URL for a link. For the
# common columns all of that is the same for every row of a page, so :func:`_fast_cells`
# prepares, once per page and column, a function from the record to exactly the value
# ``get_cell`` returns; any other cell (another column kind, an accessor through a relation, a
# callable value, a record of another class) takes ``get_cell``.
# ``core/tests/test_fast_cells.py`` renders every registered table both ways.

_SLOW = object()
_ROW_CLASSES = (mark_safe('class="even"'), mark_safe('class="odd"'))  # noqa: S308 - constants
_PK_SENTINEL = 918273645546372819


def _standard_display(model, name):
    """The field behind ``get_<name>_display`` when it is Django's own, else None."""
    attr = inspect.getattr_static(model, f"get_{name}_display", None)
    if isinstance(attr, partialmethod) and attr.func is models.Model._get_FIELD_display:
        return attr.keywords.get("field")
    return None


class _Urls:
    """``get_absolute_url`` for a page's records: for the common one
    (``core.models.BaseModel``: ``reverse("<app>:<model>_detail", args=[pk])``) the URL is
    reversed once per model and page and the record's number put in."""

    def __init__(self):
        self._patterns = {}

    def __call__(self, obj):
        cls = type(obj)
        pattern = self._patterns.get(cls, _SLOW)
        if pattern is _SLOW:
            pattern = self._patterns[cls] = self._pattern(cls)
        pk = obj.pk
        if pattern is None or type(pk) is not int or pk < 0:
            return obj.get_absolute_url()
        return f"{pattern[0]}{pk}{pattern[1]}"

    @staticmethod
    def _pattern(cls):
        from .models import BaseModel

        if getattr(cls, "get_absolute_url", None) is not BaseModel.get_absolute_url:
            return None
        meta = cls._meta
        try:
            url = reverse(f"{meta.app_label}:{meta.model_name}_detail", args=[_PK_SENTINEL])
        except NoReverseMatch:
            return None
        head, sep, tail = url.partition(str(_PK_SENTINEL))
        if not sep or str(_PK_SENTINEL) in tail:
            return None
        return head, tail


def _fast_cells(table, columns) -> list:
    """For each bound column, a function record → the value ``BoundRow.get_cell`` gives (or
    ``_SLOW`` for a cell it cannot give), or None for a column left to django-tables2."""
    model = table._meta.model
    if model is None or hasattr(model, "__getitem__"):
        return [None] * len(columns)
    urls = _Urls()
    use_tz = getattr(getattr(table, "context", None), "use_tz", None)
    return [_fast_cell(table, model, bound, urls, use_tz) for bound in columns]


def _row_link(record):
    return record.get_absolute_url()


def _is_row_link(function) -> bool:
    """Whether ``function`` is ``lambda record: record.get_absolute_url()`` (the tables'
    usual link from a relation's column to the row's own record)."""
    code = getattr(function, "__code__", None)
    mine = _row_link.__code__
    return (
        code is not None
        and not getattr(function, "__closure__", None)
        and not getattr(function, "__defaults__", None)
        and code.co_code == mine.co_code
        and code.co_names == mine.co_names
        and code.co_varnames == mine.co_varnames
        and code.co_consts == mine.co_consts
    )


def _field_path(model, name: str):
    """The fields an accessor ``a__b__c`` follows from ``model`` (each but the last a
    relation to one record), or None."""
    fields = []
    current = model
    for bit in name.split("__"):
        if current is None or hasattr(current, "__getitem__"):
            return None
        try:
            field = current._meta.get_field(bit)
        except FieldDoesNotExist:
            return None
        if not getattr(field, "concrete", False) or field.many_to_many:
            return None
        fields.append(field)
        current = field.related_model if field.is_relation else None
    return fields


def _fast_cell(table, model, bound, urls, use_tz):  # noqa: C901 - one kind of column a branch
    column = bound.column
    name = str(bound.accessor)
    if "." in name or not name:
        return None
    fields = _field_path(model, name)
    if not fields:
        return None
    field = fields[-1]
    path = name.split("__")
    if len(path) > 1 and field.choices:  # shown through the related record's choices
        return None
    own_render = getattr(bound.render, "__func__", None) is getattr(type(column), "render", None)
    date_format = None
    if isinstance(column, _CompiledTemplateColumn):
        if not own_render or column.extra_context or not column.template_code:
            return None
        date_format = _date_format(column.template_code)
        if date_format is None:
            return None
        render = None
    elif own_render and type(column).render is tables.Column.render:
        render = None  # the value itself
    elif own_render and type(column) is PrivateColumn:
        render = PrivateColumn.masker(model, name)
    else:
        args, keywords = _cached_signature(bound.render)
        if args != ("value",) or keywords:
            return None
        render = bound.render
    labels = None
    if field.choices:
        display = _standard_display(model, name)
        if display is None:
            return None
        labels = {
            key: force_str(label, strings_only=True)
            for key, label in dict(make_hashable(display.flatchoices)).items()
        }
        path = [display.attname]
    link = column.link
    own_link = link is not None and _is_row_link(link.url)  # the row's record, not the value
    if (
        link is not None
        and not own_link
        and (
            link.url is not None
            or link.reverse_args
            or (link.accessor is not None and str(link.accessor) != name)
        )
    ) or (link is not None and link.attrs):
        return None
    empty = column.empty_values
    default = bound.default
    shown_dates = {}  # a date's cell, worked out once per page (a page of one month's pay)

    def cell(record):
        raw = record
        for bit in path:  # as django-tables2's accessor: stop at an empty relation
            try:
                raw = getattr(raw, bit)
            except Exception:  # noqa: BLE001 - django-tables2 decides (its default, a link's text)
                return _SLOW
            if callable(raw):
                return _SLOW
            if raw is None:
                break
        value = raw
        if labels is not None:
            try:
                value = labels.get(raw, _SLOW)
            except TypeError:  # not hashable
                return _SLOW
            if value is _SLOW:
                value = force_str(raw, strings_only=True)
        if value in empty:
            return default
        if date_format is not None:
            kind = type(value)
            if kind is datetime.datetime:
                value = template_localtime(value, use_tz)
                content = conditional_escape(date_filter(value, date_format) or default)
            elif value is None or kind is datetime.date:
                content = shown_dates.get(value)
                if content is None:
                    content = conditional_escape(date_filter(value, date_format) or default)
                    shown_dates[value] = content
            else:
                return _SLOW
        elif render is None:
            content = value
        else:
            content = render(value)
        if link is None:
            return content
        href = urls(raw) if not own_link and hasattr(raw, "get_absolute_url") else urls(record)
        if href is None:
            return content
        return format_html('<a href="{}">{}</a>', href, content)

    return cell


class RecordTable(tables.Table):
    """Subclasses name ``Meta.model`` and ``Meta.fields``; the first column links to detail.

    ``related`` names the relations the columns show, fetched with the rows (so a page of
    1,000 rows costs the same queries as a page of 10, in lists and exports alike).

    A column that shows or sorts by a private field is not orderable (``?sort=`` on it is
    ignored), whatever its class; it must be a :class:`PrivateColumn` to be shown masked
    (``core/tests/test_private_channels.py`` checks every registered table).
    """

    related: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls._meta.model is not None:
            _display_columns(cls)
            for name in private_columns(cls):
                cls.base_columns[name].orderable = False
        _compile_template_columns(cls)

    #: Whether :meth:`rendered_rows` takes the fast path for the cells it can (``False``:
    #: django-tables2's ``get_cell`` for every cell; the equivalence test compares the two).
    fast_cells = True

    def rendered_rows(self):
        """The rows of the page as HTML, ``<tr>`` by ``<tr>`` (``core/partials/table.html``):
        what django-tables2's template renders, with each column's ``<td>`` attributes worked
        out once instead of once per cell, and the common cells (:func:`_fast_cells`) without
        django-tables2's per-cell machinery."""
        columns = list(self.columns)
        context = Context(autoescape=True)
        static = _static(self.attrs) and all(_static(c.column.attrs) for c in columns)
        td = [c.attrs["td"].as_html() if static else None for c in columns]
        fast = _fast_cells(self, columns) if self.fast_cells else [None] * len(columns)
        model = self._meta.model
        row_classes = None if self.row_attrs else _ROW_CLASSES
        self.cells_fast = self.cells_slow = 0
        for row in self.paginated_rows:
            cells = []
            record = row.record
            own = type(record) is model  # the fast cells read the table's own model
            for column, attrs, quick in zip(columns, td, fast, strict=True):
                cell = quick(record) if own and quick is not None else _SLOW
                if cell is _SLOW:
                    cell = row.get_cell(column.name)
                    self.cells_slow += 1
                else:
                    self.cells_fast += 1
                if attrs is None:  # attributes computed from the record or the value
                    column.current_value, column.current_record = cell, row.record
                    attrs = column.attrs["td"].as_html()
                if column.localize is None:
                    shown = render_value_in_context(cell, context)
                else:
                    shown = conditional_escape(
                        render_value_in_context(cell, Context(use_l10n=column.localize))
                    )
                cells.append(f"<td {attrs}>{shown}</td>")  # both escaped: what format_html gives
            tr = row.attrs.as_html() if row_classes is None else row_classes[row.row_counter % 2]
            yield mark_safe(f"<tr {tr}>{''.join(cells)}</tr>")  # noqa: S308 - each part escaped above

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # On a phone each row is a card and each cell a line "header value" (``table-stack``
        # in shegong.css; ADR 0041): every cell carries its column's header, and the header
        # row, whose sort links stay above the cards, says what they do.
        for bound in self.columns:
            td = dict(bound.column.attrs.get("td", {}))
            td.setdefault("data-label", str(bound.header))
            bound.column.attrs = {**bound.column.attrs, "td": td}
        if self.orderable and any(bound.orderable for bound in self.columns):
            self.attrs["thead"]["data-label"] = _("Sort by")

    @classmethod
    def prepare(cls, queryset):
        return queryset.select_related(*cls.related) if cls.related else queryset

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle table-stack"}
        template_name = "core/partials/table.html"
        empty_text = _("No records match.")
        per_page = 25


@register_table
class AuditRecordTable(RecordTable):
    related = ("actor",)
    timestamp = tables.DateTimeColumn(linkify=True, format="Y-m-d H:i:s")

    @classmethod
    def prepare(cls, queryset):
        # The snapshots are not shown in the list or its exports; a bulk record's (an
        # import batch) holds thousands of rows.
        return super().prepare(queryset).defer("before", "after")

    def render_model(self, value):
        return model_name(value)

    def value_model(self, value):
        return model_name(value)

    class Meta(RecordTable.Meta):
        model = AuditRecord
        fields = ("timestamp", "actor_name", "action", "model", "object_repr", "reason")


@register_table
class PolicyParameterTable(RecordTable):
    key = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = PolicyParameter
        fields = ("key", "scope", "value", "valid_from", "source")


@register_table
class CalendarDayTable(RecordTable):
    date = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = CalendarDay
        fields = ("date", "kind", "name")
