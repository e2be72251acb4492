"""The fast form renderer (issue 13) writes the same HTML as Django's widget templates."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from shegong.core.renderers import FastRenderer

CHOICES = [
    ("", "请选择…"),
    ("a", "A & <b>"),
    ("Group", [("g1", "One"), ("g2", mark_safe("<i>Two</i>"))]),
    (3, 3),
    (Decimal("1.50"), "one and a half"),
]

CASES = [
    (forms.TextInput(), "plain"),
    (
        forms.TextInput(attrs={"class": "form-control", "maxlength": 50, "required": True}),
        'a "quoted" <value> & more',
    ),
    (forms.TextInput(attrs={"disabled": False, "data-x": mark_safe("<safe>")}), None),
    (forms.TextInput(), ""),
    (forms.NumberInput(attrs={"min": 1, "step": Decimal("0.01")}), 12345),
    (forms.NumberInput(), Decimal("1234.50")),
    (forms.EmailInput(), "a@b.cn"),
    (forms.URLInput(), "https://x.cn/?a=1&b=2"),
    (forms.PasswordInput(render_value=True), "secret"),
    (forms.PasswordInput(), "secret"),
    (forms.HiddenInput(), 7),
    (forms.DateInput(attrs={"type": "date"}), datetime.date(2026, 12, 7)),
    (forms.DateTimeInput(), datetime.datetime(2026, 12, 7, 9, 30)),
    (forms.TimeInput(), datetime.time(9, 30)),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(), False),
    (forms.CheckboxInput(attrs={"class": "form-check-input"}), "on"),
    (forms.FileInput(attrs={"accept": ".csv,.xlsx"}), None),
    (forms.Select(choices=CHOICES), "a"),
    (forms.Select(choices=CHOICES, attrs={"class": "form-select", "aria-describedby": "h"}), "g2"),
    (forms.Select(choices=CHOICES), 3),
    (forms.Select(choices=CHOICES), None),
    (forms.Select(choices=[]), None),
    (forms.SelectMultiple(choices=CHOICES), ["a", "g1"]),
    (forms.NullBooleanSelect(), True),
    (forms.NullBooleanSelect(), None),
]


@pytest.mark.parametrize(("widget", "value"), CASES, ids=lambda c: type(c).__name__)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_widget_renders_as_djangos_templates_do(widget, value, language):
    from django.utils import translation

    with translation.override(language):
        fast = widget.render("field", value, attrs={"id": "id_field"}, renderer=FastRenderer())
        django = widget.render("field", value, attrs={"id": "id_field"}, renderer=DjangoTemplates())
    assert fast == django


def test_a_radio_select_still_goes_through_the_templates():
    widget = forms.RadioSelect(choices=[("a", "A"), ("b", "B")])
    fast = widget.render("r", "a", renderer=FastRenderer())
    assert fast == widget.render("r", "a", renderer=DjangoTemplates())
    assert 'type="radio"' in fast


def test_a_bound_form_renders_the_same(settings):
    class Form(forms.Form):
        name = forms.CharField(max_length=20, help_text="x")
        level = forms.ChoiceField(choices=[("a", "Assistant"), ("s", "Social worker")])
        when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    form = Form({"name": "<张三>", "level": "s", "when": "2026-12-07"})
    assert str(Form(form.data, renderer=FastRenderer())) == str(
        Form(form.data, renderer=DjangoTemplates())
    )
