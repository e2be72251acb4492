"""The filter forms' labels in the reader's language, whatever the process did before.

django-filter keeps a filter's form field once built. drf-spectacular, writing the API schema,
builds the fields of the filtersets' class-level filters (``base_filters[...].field``), which
have no label there; every list page rendered after that in the same process showed those
filters under the field's English name ("Status", "Grade") in the Chinese UI (a CI failure of
``tests/browser/test_grading_screens.py``)."""

from __future__ import annotations

import pytest
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

from shegong.core.registry import _FILTERSETS
from shegong.grading.filtersets import ApplicationFilterSet
from shegong.grading.models import Application

pytestmark = pytest.mark.django_db


def _labels(filterset_class, language: str) -> list[str]:
    with translation.override(language):
        model = filterset_class._meta.model
        form = filterset_class({}, queryset=model._default_manager.none()).form
        return [str(field.label) for field in form.fields.values()]


def test_the_labels_stay_translated_after_the_api_schema_is_written():
    with translation.override("en"):
        SchemaGenerator().get_schema(request=None, public=True)
    assert _labels(ApplicationFilterSet, "zh-hans") == [
        "搜索",
        "评估轮次",
        "状态",
        "评估等级",
        "机构",
        "评估机构",
        "区",
    ]
    assert _labels(ApplicationFilterSet, "en") == [
        "Search",
        "Grading cycle",
        "Status",
        "Grade",
        "Organisation",
        "Evaluator body",
        "District",
    ]
    assert Application.objects.count() == 0  # nothing written: a form, not a search


def test_no_filter_of_any_list_loses_its_label_to_a_field_built_on_the_class():
    for filterset_class in _FILTERSETS.values():
        for flt in filterset_class.base_filters.values():
            flt.field  # noqa: B018 - what the schema generator does to the class's filters
    unlabelled = {
        label: names
        for label, filterset_class in _FILTERSETS.items()
        for names in [
            [
                name
                for name, field in filterset_class(
                    {}, queryset=filterset_class._meta.model._default_manager.none()
                ).form.fields.items()
                if field.label is None
            ]
        ]
        if names
    }
    assert unlabelled == {}
