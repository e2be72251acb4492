"""Issue 10: a private field is private in every channel, from its declaration alone.

These tests go over every registered filterset and table, every API endpoint and every model
with ``PRIVATE_FIELDS``, so a new module that filters, sorts or shows a private field without
the protection fails here. The behaviour itself (a guess of an ID number is not confirmed) is
tested in ``people/tests/test_private_channels.py``.
"""

from __future__ import annotations

import inspect
import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.filters import OrderingFilter as DrfOrderingFilter

from shegong.core.api.filters import FilterBackend, OrderingFilter
from shegong.core.filtersets import PrivateAwareFilterSet
from shegong.core.privacy import private_target
from shegong.core.registry import _FILTERSETS, _TABLES
from shegong.core.tables import PrivateColumn, private_columns


def private_models():
    return [m for m in apps.get_models() if getattr(m, "PRIVATE_FIELDS", ())]


def api_views():
    """Every DRF view class reachable from the URLconf."""
    found = {}

    def walk(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns)
            elif isinstance(p, URLPattern):
                cls = getattr(p.callback, "cls", None)
                if cls is not None:
                    found[f"{cls.__module__}.{cls.__qualname__}"] = cls

    walk(get_resolver().url_patterns)
    return found


def test_the_models_with_private_fields_are_the_known_ones():
    """The list in docs/permissions.md ("Private fields"); a new one is added there too."""
    assert {m._meta.label_lower: m.PRIVATE_FIELDS for m in private_models()} == {
        "accounts.user": ("phone",),
        "education.supervisionsession": ("notes",),
        "incubation.application": ("contact_phone", "contact_email"),
        "inspections.case": ("complainant",),
        "inspections.inspection": ("complainant",),
        "organisations.organisation": ("contact_phone", "contact_email"),
        "oversight.evaluatorassignment": ("notes",),
        "oversight.visit": ("notes",),
        "people.person": ("national_id", "phone", "address", "birth_date"),
        "procurement.bid": ("price", "proposal", "staff"),
        "procurement.expert": ("phone",),
        "procurement.panelmember": ("recusal_reason",),
        "procurement.result": ("quality_score", "price_score", "total"),
        "procurement.score": ("points",),
        "registry.conductcase": ("complainant_name", "complainant_contact"),
    }


@pytest.mark.parametrize("model", private_models(), ids=lambda m: m._meta.label_lower)
def test_private_fields_name_real_fields(model):
    """A misspelt name would protect nothing."""
    for name in model.PRIVATE_FIELDS:
        assert private_target(model, name) == (model, "", name)
    assert set(getattr(model, "PRIVATE_TEXT_FIELDS", ())) <= set(model.PRIVATE_FIELDS)


def test_private_target_follows_relations():
    person = apps.get_model("people.person")
    case = apps.get_model("registry.conductcase")
    assert private_target(case, "person__national_id__iexact") == (person, "person", "national_id")
    assert private_target(case, "-person__phone") == (person, "person", "phone")
    assert private_target(case, "person__name") is None
    assert private_target(case, "person") is None
    assert private_target(person, "birth_date__year__gte") == (person, "", "birth_date")


@pytest.mark.parametrize("label", sorted(_FILTERSETS))
def test_every_filterset_protects_its_private_filters(label):
    """Registered filtersets are ``PrivateAwareFilterSet`` (filters whose ``field_name``
    reaches a private field are protected), and a ``method`` filter whose code names a private
    field of its model is found too: by its name or declared in ``private_filters``."""
    cls = _FILTERSETS[label]
    assert issubclass(cls, PrivateAwareFilterSet)
    model = cls._meta.model
    private = getattr(model, "PRIVATE_FIELDS", ())
    protected = cls.private_filter_targets()
    for name, flt in cls.base_filters.items():
        if not flt.method or not private or name == "q":
            continue
        method = getattr(cls, flt.method) if isinstance(flt.method, str) else flt.method
        source = inspect.getsource(method)
        touched = [f for f in private if re.search(rf"\b{f}\b", source)]
        assert not touched or name in protected, (
            f"{cls.__name__}.{name} filters {touched}: declare it in private_filters"
        )


def test_the_id_number_filter_of_people_is_protected():
    from shegong.people.filtersets import PersonFilterSet

    person = apps.get_model("people.person")
    assert PersonFilterSet.private_filter_targets() == {"national_id": (person, "", "national_id")}


@pytest.mark.parametrize("label", sorted(_TABLES))
def test_every_table_masks_and_never_sorts_private_columns(label):
    cls = _TABLES[label]
    for name in private_columns(cls):
        column = cls.base_columns[name]
        assert isinstance(column, PrivateColumn), f"{cls.__name__}.{name} must be a PrivateColumn"
        assert column.orderable is False


def test_the_people_table_has_its_private_columns_unsortable():
    from shegong.people.tables import PersonTable

    assert sorted(private_columns(PersonTable)) == ["national_id", "phone"]
    table = PersonTable([])
    assert [c.name for c in table.columns if c.orderable] == ["name", "sex", "area", "organisation"]


@pytest.mark.parametrize("name, cls", sorted(api_views().items()), ids=lambda v: str(v))
def test_every_api_endpoint_uses_the_private_aware_backends(name, cls):
    backends = list(getattr(cls, "filter_backends", ()) or ())
    for backend in backends:
        if issubclass(backend, DjangoFilterBackend):
            assert issubclass(backend, FilterBackend), name
        if issubclass(backend, DrfOrderingFilter):
            assert issubclass(backend, OrderingFilter), name
    filterset_class = getattr(cls, "filterset_class", None)
    if filterset_class is not None:
        assert issubclass(filterset_class, PrivateAwareFilterSet), name
