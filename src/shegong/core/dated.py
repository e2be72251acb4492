"""Dated attributes of reference rows (issue 11, point 8): a field whose changes apply from a
date, so that decisions, flags and dashboards computed "as of" a past day use the value then
in force, and an edit keeps the past.

A model declares them: ``dated_fields = ("required_level",)``. The row keeps today's value;
when a declared field changes on ``save()``, :class:`~shegong.core.models.DatedValue` rows
record it: the old value from :data:`BEGINNING` (only the first time, when the field has no
history yet) and the new one from the day of the edit. A row whose field never changed has no
history and its value holds on every day. Read with :func:`as_of` (Python) or
:func:`expression` (SQL, for querysets that count many rows). Changes made with
``QuerySet.update()`` bypass ``save()`` and are not recorded: edit reference rows through the
services (``core.services.update_record``), which save.
"""

from __future__ import annotations

from datetime import date

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from .models import DatedValue

#: The day before which every row is taken to have had its first value.
BEGINNING = date(2000, 1, 1)


def _text(model, field: str, value) -> str:
    return model._meta.get_field(field).value_to_string(model(**{field: value}))


def _history(obj, field: str):
    return DatedValue.objects.filter(
        model=obj._meta.label_lower, object_id=str(obj.pk), field=field
    )


def _write(obj, field: str, value, valid_from: date) -> None:
    DatedValue.objects.update_or_create(
        model=obj._meta.label_lower,
        object_id=str(obj.pk),
        field=field,
        valid_from=valid_from,
        defaults={"value": _text(type(obj), field, value)},
    )


def record(obj, field: str, value, valid_from: date, *, before=None) -> None:
    """``obj.field`` is ``value`` from ``valid_from``. The first time, the value before
    (``before``, else the row's own) is recorded from :data:`BEGINNING`, so the past keeps it."""
    if not _history(obj, field).exists():
        _write(obj, field, getattr(obj, field) if before is None else before, BEGINNING)
    _write(obj, field, value, valid_from)


def as_of(obj, field: str, day: date):
    """The value of ``obj.field`` in force on ``day``."""
    row = _history(obj, field).filter(valid_from__lte=day).order_by("-valid_from").first()
    if row is None:
        return getattr(obj, field)
    return obj._meta.get_field(field).to_python(row.value)


def expression(model, field: str, path: str, day: date):
    """SQL: the value of ``<path>__<field>`` (a ``model`` row reached by ``path`` from the
    queryset's rows) in force on ``day``, else the row's own value."""
    history = DatedValue.objects.filter(
        model=model._meta.label_lower,
        field=field,
        object_id=Cast(OuterRef(f"{path}__pk"), output_field=DatedValue._meta.get_field("value")),
        valid_from__lte=day,
    ).order_by("-valid_from")
    return Coalesce(Subquery(history.values("value")[:1]), F(f"{path}__{field}"))


@receiver(pre_save)
def _remember_old_values(sender, instance, raw=False, **kwargs):
    fields = getattr(sender, "dated_fields", ())
    if not fields or raw or instance.pk is None:
        return
    old = sender._base_manager.filter(pk=instance.pk).values(*fields).first()
    if old is not None:
        instance._dated_changes = {
            name: old[name] for name in fields if old[name] != getattr(instance, name)
        }


@receiver(post_save)
def _record_changes(sender, instance, raw=False, **kwargs):
    changes = getattr(instance, "_dated_changes", None)
    if not changes or raw:
        return
    instance._dated_changes = {}
    for name, old in changes.items():
        record(instance, name, getattr(instance, name), timezone.localdate(), before=old)
