"""Base form: carries the record's version so that a stale edit is refused."""

import json
from functools import lru_cache

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext_lazy as _

from .models import has_feature
from .permissions import restrict

#: The value format of the browser's date and date-time fields (HTML: a "valid date string"),
#: whatever the user's language: a localised value such as ``2026/12/07`` (zh-hans) is read by
#: no browser, which shows the field empty and submits nothing (issue 12, defect 1).
ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    """The browser's own date picker; its value is ISO in every language."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format=format or ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    """The browser's own date-and-time picker; its value is ISO in every language."""

    input_type = "datetime-local"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format=format or ISO_DATETIME)


def _iso_first(formats, iso: str) -> list[str]:
    return [iso, *(f for f in formats if f != iso)]


def iso_dates(form) -> None:
    """Every date (date-time) field of ``form`` gets the browser's picker with an ISO value and
    reads ISO first (then the language's own formats, for typed input and the API's forms).

    Called by :func:`style_widgets` (all styled forms) and the filter forms of
    :class:`~shegong.core.filtersets.RecordFilterSet`, so no form has to remember it."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput | forms.MultiWidget):
            continue
        if isinstance(field, forms.DateTimeField):
            if not isinstance(widget, DateTimeInput):
                field.widget = DateTimeInput(attrs=widget.attrs)
                field.widget.is_required = widget.is_required
            field.input_formats = _iso_first(field.input_formats, ISO_DATETIME)
            # Say what a good value looks like, not only that this one is not (issue 12).
            field.error_messages["invalid"] = _(
                "Enter a date and time as year-month-day hour:minute, e.g. 2026-12-07 09:30."
            )
        elif isinstance(field, forms.DateField):
            if not isinstance(widget, DateInput):
                field.widget = DateInput(attrs=widget.attrs)
                field.widget.is_required = widget.is_required
            field.input_formats = _iso_first(field.input_formats, ISO_DATE)
            field.error_messages["invalid"] = _("Enter a date as year-month-day, e.g. 2026-12-07.")


#: Characters a user types before a search-as-you-type field asks the server (ADR 0044).
AUTOCOMPLETE_MIN_CHARS = 2


def is_small_table(model) -> bool:
    """Whether a choice field over ``model`` may list every row in a ``<select>`` (ADR 0044).

    A reference table (``ReferenceModel``: areas, service fields, post types, grades, CPD
    rules) is small; every other table can grow, so its choice fields are search-as-you-type
    fields (:class:`AutocompleteWidget`). A model overrides the rule with ``SMALL_TABLE =
    True`` (a short list that is not a ``ReferenceModel``) or ``False`` (a reference table
    that grows)."""
    declared = getattr(model, "SMALL_TABLE", None)
    if declared is not None:
        return bool(declared)
    return has_feature(model, "reference")


class AutocompleteWidget(forms.TextInput):
    """A choice of rows of a table that can grow: a text input holding the chosen id(s),
    turned into a search-as-you-type control by ``core/static/core/autocomplete.js`` (Tom
    Select) from its ``data-autocomplete*`` attributes (no inline script: the CSP).

    It never lists the table: the page carries only the chosen rows' labels (so a bound or
    edit form shows them), and the control asks ``url`` (by default the signed-in lookup
    ``core:lookup``, which applies ``restrict()``) for the rows matching what the user
    types. Without JavaScript it is a plain input of the id (ids separated by commas for a
    multiple choice)."""

    #: The input as Django renders it (in Python: ``core.renderers``), then, for a browser
    #: without JavaScript, the chosen rows' labels (``render``).
    template_name = "django/forms/widgets/text.html"

    def __init__(self, queryset=None, *, field=None, multiple=False, url=None, attrs=None):
        super().__init__(attrs)
        self._queryset = queryset
        self.field = field
        self.multiple = multiple
        self.url = url

    @property
    def queryset(self):
        """The field's own queryset when the widget has a field: a form that narrows it
        after the widget was made (``field.queryset = ...``) narrows the labels too."""
        return self.field.queryset if self.field is not None else self._queryset

    def label_from_instance(self, obj) -> str:
        if self.field is not None:
            return self.field.label_from_instance(obj)
        return str(obj)

    def lookup_url(self) -> str:
        """Reversed once per address and script prefix, not for every field shown (issue 13)."""
        # ``is None``: the truth of a lazy URL would reverse it.
        target = self.url if self.url is not None else self.queryset.model._meta.label_lower
        key = (id(target), get_script_prefix())
        kept = _LOOKUP_URLS.get(key)
        if kept is None or kept[0] is not target:  # ``kept[0]`` keeps the id's object alive
            url = str(target) if self.url is not None else reverse("core:lookup", args=[target])
            kept = _LOOKUP_URLS[key] = (target, url)
        return kept[1]

    def value_from_datadict(self, data, files, name):
        if not self.multiple:
            return data.get(name)
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if values is None:
            return None
        if isinstance(values, str):
            values = [values]
        return [v.strip() for value in values for v in str(value).split(",") if v.strip()]

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def _values(self, value) -> list[str]:
        if value is None or value == "":
            return []
        if isinstance(value, list | tuple):
            return [str(v) for v in value if v not in (None, "")]
        return [str(value)]

    def chosen(self, values: list[str]) -> list[dict]:
        """The chosen rows, ``[{"value": id, "text": label}]``, in the order given; ids that
        name no row the user may see are left out (the form's own check reports them)."""
        if not values:
            return []
        try:
            rows = {str(o.pk): o for o in self.queryset.filter(pk__in=values)}
        except (ValueError, TypeError, ValidationError):
            return []
        return [
            {"value": v, "text": str(self.label_from_instance(rows[v]))}
            for v in values
            if v in rows
        ]

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        html = self._render(self.template_name, context, renderer)
        chosen = context["widget"]["chosen"]
        if chosen:
            labels = format_html_join(", ", "{}", ((row["text"],) for row in chosen))
            html = format_html(
                '{}\n<noscript><div class="form-text">{}</div></noscript>', html, labels
            )
        return html

    def format_value(self, value):
        values = self._values(value)
        return ",".join(values) if values else None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = self.chosen(self._values(value))
        widget_attrs = context["widget"]["attrs"]
        texts, placeholder = _texts(get_language(), self.multiple)
        widget_attrs.update(
            {
                "data-autocomplete": self.lookup_url(),
                "data-autocomplete-options": json.dumps(chosen, ensure_ascii=False),
                **texts,
            }
        )
        if self.multiple:
            widget_attrs["data-autocomplete-multiple"] = ""
        widget_attrs.setdefault("placeholder", placeholder)
        context["widget"]["chosen"] = chosen
        return context


#: Autocompletes' lookup addresses: {(id of the lazy URL or model label, script prefix):
#: (that object, the address)}.
_LOOKUP_URLS: dict[tuple[int, str], tuple[object, str]] = {}


@lru_cache(maxsize=16)
def _texts(language: str | None, multiple: bool) -> tuple[dict[str, str], str]:
    """An autocomplete's fixed attributes in ``language`` (the texts its script shows) and its
    default placeholder, made once per language instead of for every field shown (issue 13)."""
    texts = {
        "data-autocomplete-min": str(AUTOCOMPLETE_MIN_CHARS),
        "data-autocomplete-hint": str(_("Type at least %(count)d characters to search"))
        % {"count": AUTOCOMPLETE_MIN_CHARS},
        "data-autocomplete-none": str(_("Nothing found")),
        "data-autocomplete-loading": str(_("Searching…")),
        "data-autocomplete-remove": str(_("Remove")),
        "autocomplete": "off",
    }
    return texts, str(_("Ids, separated by commas") if multiple else _("Id"))


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices of a small table read in one query. Django's iterator reads them through
    ``QuerySet.iterator()``, which on PostgreSQL is a server-side cursor (``DECLARE``,
    ``FETCH``, ``CLOSE``: three round trips a field); a list page's filter form has two or
    three such selects (issue 13)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if getattr(self.field, "null_label", None) is not None:  # django-filter's "none" choice
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset:
            yield self.choice(obj)

    def __len__(self):
        extra = (self.field.empty_label is not None) + (
            getattr(self.field, "null_label", None) is not None
        )
        return self.queryset.count() + extra


def autocomplete_fields(form, **attrs) -> None:
    """Every choice field of ``form`` over a table that can grow (:func:`is_small_table`)
    becomes a search-as-you-type field (:class:`AutocompleteWidget`), so no form lists a
    whole table of people, posts or organisations (issue 13, ADR 0044). Called for every
    styled form (:func:`style_widgets`) and every filter form
    (:class:`~shegong.core.filtersets.RecordFilterSet`); ``attrs`` go on each new widget."""
    for field in form.fields.values():
        if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
            continue
        widget = field.widget
        if isinstance(widget, forms.HiddenInput | forms.MultipleHiddenInput | AutocompleteWidget):
            continue
        if is_small_table(field.queryset.model):
            field.iterator = ListedChoiceIterator
            field.widget.choices = field.choices
            continue
        field.widget = AutocompleteWidget(
            field=field,
            multiple=isinstance(field, forms.ModelMultipleChoiceField),
            attrs={**{k: v for k, v in widget.attrs.items() if k != "class"}, **attrs},
        )
        field.widget.is_required = widget.is_required


#: Django's label of a select's empty choice: a row of dashes, which tells nobody anything.
DASHES = "---------"


def prompt_empty_choices(form) -> None:
    """A select's empty choice says what to do ("请选择…" / "Choose…") instead of Django's
    dashes, on every styled form (filter forms say "全部" / "All" instead: core.filtersets)."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DASHES:
                field.empty_label = _("Choose…")
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)
            if choices and choices[0][0] in ("", None) and choices[0][1] == DASHES:
                field.choices = [("", _("Choose…")), *choices[1:]]


def style_widgets(form) -> None:
    """Bootstrap classes on every widget of ``form`` (radio and checkbox lists keep theirs);
    ISO date pickers on its date fields (:func:`iso_dates`); search-as-you-type fields for
    choices over tables that can grow (:func:`autocomplete_fields`)."""
    iso_dates(form)
    autocomplete_fields(form)
    prompt_empty_choices(form)
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            continue
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "form-select")
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs.setdefault("class", "form-control")


class StyledForm(forms.Form):
    """A plain form (a workflow action's input) styled like :class:`RecordForm`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class RecordForm(forms.ModelForm):
    """Every generic create/edit form. Adds ``reason`` and the hidden ``version``."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=500,
        help_text=_("Kept in the audit trail with the change."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Choices come from the same mechanism as lists: no leak of out-of-scope rows.
            if isinstance(field, forms.ModelChoiceField) and user is not None:
                field.queryset = restrict(field.queryset, user, "view")
        if self.instance.pk and hasattr(self.instance, "version"):
            self.fields["version"].initial = self.instance.version
        style_widgets(self)

    def changed_data_dict(self) -> dict:
        """The model fields of this form with their cleaned values (for the services)."""
        names = [f for f in self._meta.fields or self.fields if f in self.cleaned_data]
        return {
            n: self.cleaned_data[n]
            for n in names
            if n not in ("version", "reason") and not self._is_m2m(n)
        }

    def m2m_dict(self) -> dict:
        return {n: self.cleaned_data[n] for n in self.cleaned_data if self._is_m2m(n)}

    def _is_m2m(self, name: str) -> bool:
        try:
            field = self._meta.model._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field
            return False
        return field.many_to_many


def confirm_form(help_text="") -> type[forms.Form]:
    """The confirmation form of an import page: the checked upload's token, and the reason
    kept in the audit trail (``help_text``: what a reason looks like for this kind of file)."""

    class ConfirmForm(forms.Form):
        token = forms.CharField(widget=forms.HiddenInput)
        reason = forms.CharField(
            label=gettext_lazy("Reason"), required=False, max_length=500, help_text=help_text
        )

    return ConfirmForm
