"""Date inputs carry ISO values whatever the language (issue 12, defect 1).

In zh-hans Django's localised format is ``2026/12/07``; a browser's date field reads only
``2026-12-07``, so it showed the field empty and the form was submitted without the date.
These tests go over every form and filter form of the project."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date, datetime

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.forms import modelform_factory
from django.test import RequestFactory
from django.utils import translation

from shegong.core.forms import RecordForm
from shegong.core.testing import factories

DAY = date(2026, 12, 7)
MOMENT = datetime(2026, 12, 7, 9, 30)


def _modules(suffix: str):
    for config in apps.get_app_configs():
        if not config.name.startswith("shegong."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.{suffix}")
        except ModuleNotFoundError:
            continue
        yield module
        for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
            yield importlib.import_module(f"{module.__name__}.{info.name}")


def _subclasses(base):
    seen, todo = [], [base]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.append(sub)
                todo.append(sub)
    return [c for c in seen if c.__module__.startswith("shegong.")]


def _is_date(field) -> bool:
    return isinstance(field, forms.DateField | forms.DateTimeField) and not isinstance(
        field.widget, forms.HiddenInput
    )


def _initial(fields) -> dict:
    return {
        name: MOMENT if isinstance(field, forms.DateTimeField) else DAY
        for name, field in fields.items()
        if _is_date(field)
    }


def _assert_iso(form, where: str) -> None:
    dated = [name for name, field in form.fields.items() if _is_date(field)]
    for name in dated:
        html = str(form[name])
        field = form.fields[name]
        if isinstance(field, forms.DateTimeField):
            assert 'type="datetime-local"' in html, (where, name, html)
            assert 'value="2026-12-07T09:30"' in html, (where, name, html)
        else:
            assert 'type="date"' in html, (where, name, html)
            assert 'value="2026-12-07"' in html, (where, name, html)


def _all_forms():
    for _module in _modules("forms"):
        pass
    return [
        cls
        for cls in _subclasses(forms.BaseForm)
        if any(_is_date(f) for f in getattr(cls, "base_fields", {}).values())
    ]


def _build(cls, user):
    initial = _initial(cls.base_fields)
    for kwargs in ({"user": user}, {}):
        try:
            return cls(initial=initial, **kwargs)
        except TypeError:
            continue
    raise AssertionError(f"{cls.__qualname__} could not be built for the test")


@pytest.fixture
def zh(settings):
    settings.LANGUAGE_CODE = "zh-hans"
    with translation.override("zh-hans"):
        yield


def test_every_project_form_renders_iso_dates_in_chinese(zh, tree):
    user = factories.user("dates_admin", role="city_admin", scope=tree["city"])
    found = _all_forms()
    names = {cls.__name__ for cls in found}
    # the forms of the report are among those checked
    assert {"IssueForm", "DashboardForm", "GapForm", "MembershipForm"} <= names
    for cls in found:
        _assert_iso(_build(cls, user), cls.__qualname__)


def test_every_generated_record_form_renders_iso_dates_in_chinese(zh, db):
    """The generic create/edit pages build a ``RecordForm`` from the model's fields."""
    checked = 0
    for model in apps.get_models():
        if not model.__module__.startswith("shegong."):
            continue
        fields = [
            f.name
            for f in model._meta.get_fields()
            if f.concrete and f.editable and f.get_internal_type() in ("DateField", "DateTimeField")
        ]
        if not fields:
            continue
        form_class = modelform_factory(model, form=RecordForm, fields=fields)
        form = form_class(initial=_initial(form_class.base_fields))
        _assert_iso(form, model._meta.label)
        checked += 1
    assert checked > 10


def test_every_filter_form_renders_iso_dates_in_chinese(zh, tree):
    user = factories.user("dates_filter_admin", role="city_admin", scope=tree["city"])
    for _module in _modules("filtersets"):
        pass
    request = RequestFactory().get("/")
    request.user = user
    checked = []
    for cls in _subclasses(django_filters.FilterSet):
        if getattr(cls._meta, "model", None) is None:
            continue
        filterset = cls(data=None, queryset=cls._meta.model.objects.none(), request=request)
        form = filterset.form
        initial = _initial(form.fields)
        if not initial:
            continue
        form.initial.update(initial)
        _assert_iso(form, cls.__qualname__)
        checked.append(cls.__name__)
    assert {"EmploymentFilterSet", "PayRecordFilterSet"} <= set(checked)


def test_a_typed_localised_date_is_still_read(zh, tree):
    """ISO is read first; the language's own formats still work for a typed value."""
    from shegong.workforce.forms import DashboardForm

    user = factories.user("dates_reader", role="city_admin", scope=tree["city"])
    form = DashboardForm({"on": "2026/12/07", "month_from": "2026-11-01"}, user=user)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["on"] == DAY
    assert form.cleaned_data["month_from"] == date(2026, 11, 1)


@pytest.mark.parametrize(
    "language, day_message, moment_message",
    [
        (
            "zh-hans",
            "请按“年-月-日”填写日期，例如 2026-12-07。",
            "请按“年-月-日 时:分”填写日期和时间，例如 2026-12-07 09:30。",
        ),
        (
            "en",
            "Enter a date as year-month-day, e.g. 2026-12-07.",
            "Enter a date and time as year-month-day hour:minute, e.g. 2026-12-07 09:30.",
        ),
    ],
)
def test_a_date_that_cannot_be_read_says_what_a_good_one_looks_like(
    language, day_message, moment_message
):
    """Issue 12, point 4: not Django's bare "Enter a valid date." (输入一个有效的日期。)."""
    from shegong.core.forms import StyledForm

    class Dated(StyledForm):
        day = forms.DateField()
        moment = forms.DateTimeField()

    with translation.override(language):
        form = Dated({"day": "7 December", "moment": "tomorrow"})
        assert form.errors == {"day": [day_message], "moment": [moment_message]}
