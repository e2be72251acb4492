"""The form renderer: Django's, with its most used widget templates written as Python (issue 13).

Every ``<input>`` and ``<select>`` of every form and filter form is rendered by Django through a
template per widget and another per ``<option>``; on a list page with a dozen filters that is a
tenth of the page's time. :class:`FastRenderer` produces exactly the same HTML as Django's
``input.html``, ``attrs.html``, ``select.html`` and ``select_option.html`` (and the templates that
only include ``input.html``), in Python; any other template, or a widget whose options use
another template, goes through Django's templates as before. ``core/tests/test_renderers.py``
compares the two, character by character, over every widget Django has.
"""

from __future__ import annotations

import html
from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.functional import cached_property
from django.utils.safestring import SafeData

_WIDGETS = "django/forms/widgets/"
#: Django's templates that are ``{% include "django/forms/widgets/input.html" %}`` and nothing else.
_INPUTS = frozenset(
    _WIDGETS + name
    for name in [
        "input.html",
        "checkbox.html",
        "color.html",
        "date.html",
        "datetime.html",
        "email.html",
        "file.html",
        "hidden.html",
        "input_option.html",
        "number.html",
        "password.html",
        "search.html",
        "tel.html",
        "text.html",
        "time.html",
        "url.html",
    ]
)
_SELECT = _WIDGETS + "select.html"
_OPTION = _WIDGETS + "select_option.html"
_CONTEXT = Context(autoescape=True)


def _text(value) -> str:
    """``{{ value }}``. A plain string is escaped as ``conditional_escape`` escapes it (with
    ``html.escape``), without Django's lazy-argument wrapper, which was a third of a widget's
    time (issue 13); anything else goes through the template engine's own function."""
    if type(value) is str:
        return html.escape(value)
    return render_value_in_context(value, _CONTEXT)


def _format(value) -> str:
    """``{{ value|stringformat:'s' }}``: ``%s``, kept safe if it was, then escaped."""
    if isinstance(value, SafeData):  # a safe value stays safe through the filter (is_safe)
        return "%s" % (value,)  # noqa: UP031 - what the filter does
    return html.escape("%s" % (value,))  # noqa: UP031


def _attrs(attrs: dict) -> str:
    """``attrs.html``."""
    out = []
    for name, value in attrs.items():
        if value is not False:
            out.append(" " + _text(name))
            if value is not True:
                out.append(f'="{_format(value)}"')
    return "".join(out)


def _input(widget: dict) -> str:
    """``input.html``."""
    value = widget["value"]
    shown = f' value="{_format(value)}"' if value != None else ""  # noqa: E711 - the template's test
    return (
        f'<input type="{_text(widget["type"])}" '
        f'name="{_text(widget["name"])}"{shown}'
        f"{_attrs(widget['attrs'])}>"
    )


def _option(option: dict) -> str:
    """``select_option.html`` (with the newline that ends the file, which the select keeps)."""
    return (
        f'<option value="{_format(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>\n"
    )


def _select(widget: dict) -> str | None:
    """``select.html``; None when an option has a template of its own."""
    out = [f'<select name="{_text(widget["name"])}"']
    out.append(_attrs(widget["attrs"]))
    out.append(">")
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != _OPTION:
                return None
            out.append("\n  ")
            out.append(_option(option))
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


class FastRenderer(DjangoTemplates):
    """Django's default form renderer, with inputs and selects rendered in Python."""

    @cached_property
    def _django_own(self) -> frozenset[str]:
        """The templates above that are Django's files, not a project's template of the same
        name (which then goes through the template engine as it should)."""
        django_dir = Path(django.forms.__file__).parent / "templates"
        return frozenset(
            name
            for name in (*_INPUTS, _SELECT, _OPTION)
            if Path(self.get_template(name).origin.name).is_relative_to(django_dir)
        )

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None and template_name in self._django_own:
            if template_name in _INPUTS:
                return _input(widget)
            if template_name == _SELECT:
                html = _select(widget)
                if html is not None:
                    return html.strip()
            if template_name == _OPTION:
                return _option(widget).strip()
        return super().render(template_name, context, request)
