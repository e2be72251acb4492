"""Values as a person reads them (issue 12, defect 6): never a Python dict or list, ``True`` or
``False``, an escape, a model label or a UTC timestamp with microseconds on screen.

:func:`display_value` is used by the generic detail page (``RecordDetailView``), the generic
tables (``RecordTable``: boolean and JSON columns) and the audit trail. A model names the labels
of a JSON field's keys in ``JSON_LABELS`` (``{"field": {"key": label}}`` or ``{"field":
TextChoicesClass}``); keys without a label are shown as written.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Choices
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .money import is_money, yuan

#: How a date and time is shown: local time, to the minute.
DATETIME_FORMAT = "Y-m-d H:i"
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_MODEL_LABEL = re.compile(r"^[a-z_]+\.[a-z_]+$")


def local_datetime(value: datetime) -> str:
    """A date and time in the user's time zone, to the minute (no seconds, no microseconds)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, DATETIME_FORMAT)


def model_name(label: str) -> str:
    """``people.person`` → the model's verbose name (人员); an unknown label as written."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def key_label(labels, key) -> str:
    if isinstance(labels, type) and issubclass(labels, Choices):
        try:
            return str(labels(key).label)
        except ValueError:
            return str(key)
    if isinstance(labels, dict) and key in labels:
        return str(labels[key])
    return str(key)


def display_value(value, *, labels=None):
    """``value`` as text (or safe HTML for a dict or list); ``None`` for nothing (shown "—")."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return local_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):  # 24-hour, in every language (never 9:30 a.m.)
        return value.strftime("%H:%M")
    if isinstance(value, Decimal | int | float):
        return formats.number_format(value) if isinstance(value, float) else str(value)
    if isinstance(value, dict):
        if not value:
            return None
        return format_html(
            '<dl class="row mb-0 small">{}</dl>',
            format_html_join(
                "",
                '<dt class="col-6 fw-normal">{}</dt><dd class="col-6 mb-0">{}</dd>',
                (
                    (key_label(labels, k), _or_dash(display_value(v, labels=_sub(labels, k))))
                    for k, v in value.items()
                ),
            ),
        )
    if isinstance(value, list | tuple):
        if not value:
            return None
        if all(not isinstance(v, dict | list | tuple) for v in value):
            return "、".join(str(_or_dash(display_value(v, labels=labels))) for v in value)
        return format_html(
            '<ul class="list-unstyled mb-0">{}</ul>',
            format_html_join(
                "", "<li>{}</li>", ((_or_dash(display_value(v, labels=labels)),) for v in value)
            ),
        )
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        parsed = parse_datetime(value)
        if parsed is not None:
            return local_datetime(parsed)
    if isinstance(value, str) and labels is not None and not isinstance(labels, dict):
        return key_label(labels, value)
    return value


def display_text(value, *, labels=None) -> str:
    """:func:`display_value` as plain text, for exports: a dict as ``label: value; …``."""
    if isinstance(value, dict):
        return "; ".join(
            f"{key_label(labels, k)}: {display_text(v, labels=_sub(labels, k))}"
            for k, v in value.items()
        )
    if isinstance(value, list | tuple):
        return "、".join(display_text(v, labels=labels) for v in value)
    shown = display_value(value, labels=labels)
    return "" if shown is None else str(shown)


def _sub(labels, key):
    """Labels for the values under ``key`` (a nested dict of labels), else the same labels."""
    if isinstance(labels, dict) and isinstance(labels.get(f"{key}.*"), dict | type):
        return labels[f"{key}.*"]
    return labels if isinstance(labels, type) else None


def _or_dash(value):
    return "—" if value is None else value


def field_display(obj, field):
    """The value of ``obj``'s ``field`` as :func:`display_value` shows it, with the labels the
    model gives for a JSON field's keys; a field the model names in ``IDENTIFIER_FIELDS`` (a
    rule's code such as ``city``) as ``<code>``, an identifier and not a word to translate."""
    value = getattr(obj, field.name)
    if is_money(field) and value is not None:
        return yuan(value)
    if field.name in getattr(type(obj), "IDENTIFIER_FIELDS", ()) and value:
        return format_html("<code>{}</code>", value)
    labels = getattr(type(obj), "JSON_LABELS", {}).get(field.name)
    return display_value(value, labels=labels)


#: Keys of audit snapshots that are not fields of the model (``core.audit``).
AUDIT_KEY_LABELS = {
    "fields": gettext_lazy("fields read"),
    "password_reset": gettext_lazy("password reset"),
}

#: Values of those keys, as written by ``accounts.services.start_password_reset``.
AUDIT_VALUE_LABELS = {
    "password_reset": {
        "e-mailed": gettext_lazy("e-mailed"),
        "link shown": gettext_lazy("link shown"),
    },
}


def _model(obj):
    return obj if isinstance(obj, type) else type(obj)


def _field(obj, name):
    """``obj``'s (an instance's or a model class's) field ``name``, or ``None``."""
    if obj is None:
        return None
    try:
        return _model(obj)._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def history_label(obj, name: str) -> str:
    """A changed field's name in the History tab: its verbose name (是否有效, not is_active)."""
    field = _field(obj, name)
    if field is not None and hasattr(field, "verbose_name"):
        return str(field.verbose_name)
    return str(AUDIT_KEY_LABELS.get(name, name.replace("_", " ")))


def history_value(obj, name: str, value):
    """An old or new value in the History tab: a choice's label, the field names a read
    listed as their verbose names, the rest through :func:`display_value`."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and value in AUDIT_VALUE_LABELS.get(name, {}):
        return str(AUDIT_VALUE_LABELS[name][value])
    if name == "fields" and isinstance(value, list | tuple):
        value = [history_label(obj, v) for v in value]
    field = _field(obj, name)
    if field is not None and getattr(field, "choices", None) and not isinstance(value, list):
        return str(dict(field.flatchoices).get(value, value))
    labels = getattr(_model(obj), "JSON_LABELS", {}).get(name) if obj is not None else None
    return display_value(value, labels=labels)
