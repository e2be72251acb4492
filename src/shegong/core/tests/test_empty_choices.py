"""A select's empty choice tells the user what to do (issue 12: the certificate form and the
compliance dashboard showed Django's "---------")."""

from __future__ import annotations

import pytest
from django import forms
from django.utils import translation

from shegong.areas.models import Area
from shegong.core.forms import StyledForm


class Choosing(StyledForm):
    district = forms.ModelChoiceField(queryset=Area.objects.all())
    level = forms.ChoiceField(choices=[("", "---------"), ("junior", "初级"), ("senior", "中级")])
    optional = forms.ModelChoiceField(queryset=Area.objects.all(), required=False, empty_label=None)


@pytest.mark.parametrize("language, prompt", [("zh-hans", "请选择…"), ("en", "Choose…")])
def test_the_empty_choice_says_choose(db, language, prompt):
    with translation.override(language):
        form = Choosing()
        html = str(form["district"]) + str(form["level"])
    assert html.count(f'<option value="" selected>{prompt}</option>') == 2
    assert "---------" not in html
    # A field that has no empty choice keeps none.
    assert form.fields["optional"].empty_label is None
    assert list(form.fields["level"].choices)[1:] == [("junior", "初级"), ("senior", "中级")]
