"""Issue 13: choices over tables that can grow are searched as the user types, never listed.

The walk over every registered filterset and every form fails when a choice field over a
table that is not a small reference table renders a ``<select>`` with its rows; the lookup's
tests check that it searches only what the user may see, and private fields only where the
user may see them."""

from __future__ import annotations

import contextlib
import importlib
import re

import pytest
from django import forms
from django.apps import apps
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from shegong.core.forms import AutocompleteWidget, is_small_table
from shegong.core.models import AuditAction, AuditRecord
from shegong.core.registry import _FILTERSETS
from shegong.core.testing import factories
from shegong.people.models import Person
from shegong.workforce.tests import data

pytestmark = pytest.mark.django_db


def all_form_classes():
    for config in apps.get_app_configs():
        if config.name.startswith("shegong."):
            with contextlib.suppress(ModuleNotFoundError):
                importlib.import_module(f"{config.name}.forms")

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return sorted(
        {c for c in subclasses(forms.BaseForm) if c.__module__.startswith("shegong.")},
        key=lambda c: f"{c.__module__}.{c.__qualname__}",
    )


def select_options(html: str, name: str) -> list[str]:
    """The option values of the ``<select name=name>`` in ``html`` ([] if there is none)."""
    match = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.S)
    if not match:
        return []
    return [v for v in re.findall(r'<option value="([^"]*)"', match.group(1)) if v]


@pytest.fixture(autouse=True)
def _english(english):
    """Messages in English (the root ``english`` fixture)."""


NOT_LISTED = (AutocompleteWidget, forms.HiddenInput, forms.MultipleHiddenInput)


@pytest.fixture
def city_admin(tree):
    return factories.user(role="city_admin", scope=tree["city"])


@pytest.mark.parametrize("label", sorted(_FILTERSETS))
def test_no_filter_lists_a_table_that_can_grow(label, tree, city_admin):
    """Every filter over a table that can grow renders a search-as-you-type input and no
    option of the table, even when the table has rows (an organisation, a person)."""
    org = factories.organisation(tree["futian"])
    data.person(tree["futian"], org)
    request = RequestFactory().get("/")
    request.user = city_admin
    filterset = _FILTERSETS[label](data={}, request=request)
    form = filterset.form
    html = form.as_div()
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField) and not is_small_table(field.queryset.model):
            assert isinstance(field.widget, NOT_LISTED), (label, name)
            assert select_options(html, name) == [], (label, name)
            assert 'data-autocomplete="/platform/lookup/' in str(form[name]), (label, name)


def view_form_classes():
    """The form class of every page that has one (the generic create and edit pages build
    theirs from the model and its fields: ``RecordForm`` through ``modelform_factory``)."""
    found = {}

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                view_class = getattr(p.callback, "view_class", None)
                if view_class is None or not hasattr(view_class, "get_form_class"):
                    continue
                view = view_class(**p.callback.view_initkwargs)
                try:
                    form_class = view.get_form_class()
                except Exception:  # noqa: BLE001, S112 - a view whose form needs its request
                    continue
                if form_class is not None:
                    found[prefix + str(p.pattern)] = form_class

    walk(get_resolver().url_patterns)
    return found


FORMS = {
    **{f"{c.__module__}.{c.__qualname__}": c for c in all_form_classes()},
    **view_form_classes(),
}


@pytest.mark.parametrize("name", sorted(FORMS))
def test_no_form_lists_a_table_that_can_grow(name, tree, city_admin):
    """Every form of the project (every form class, and the generic model form of every
    create and edit page): its choice fields over tables that can grow are search-as-you-type
    inputs with no option of the table."""
    org = factories.organisation(tree["futian"])
    data.person(tree["futian"], org)
    form_class = FORMS[name]
    if issubclass(form_class, forms.ModelForm) and form_class._meta.model is None:
        pytest.skip("a base class without a model")
    try:
        form = form_class(user=city_admin)
    except TypeError:
        try:
            form = form_class()
        except TypeError:
            pytest.skip("needs arguments of its page")
    html = form.as_div()
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
            continue
        if not is_small_table(field.queryset.model):
            assert isinstance(field.widget, NOT_LISTED), name
            assert select_options(html, name) == [], name


def test_reference_tables_stay_selects(tree):
    from shegong.areas.models import Area
    from shegong.organisations.models import Organisation, ServiceField
    from shegong.workforce.models import Grade, Post

    assert is_small_table(Area) and is_small_table(ServiceField) and is_small_table(Grade)
    assert not is_small_table(Person)
    assert not is_small_table(Organisation)
    assert not is_small_table(Post)


def test_a_small_tables_select_is_read_in_one_plain_query(client, tree, city_admin):
    """Issue 13: a filter's select of a small table (the posts list's districts) lists its
    rows in their order, read with one query: Django's ``iterator()`` was a server-side cursor
    on PostgreSQL (``DECLARE``, ``FETCH``, ``CLOSE``) for each select of a list page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(city_admin)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/workforce/posts/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert not [q for q in ctx.captured_queries if "DECLARE" in q["sql"]]
    areas = [q for q in ctx.captured_queries if q["sql"].startswith('SELECT "areas_area"')]
    assert len(areas) == 1
    select = page.split('name="district"', 1)[1].split("</select>", 1)[0]
    options = re.findall(r"<option[^>]*>([^<]*)</option>", select)
    assert options == ["全部", "深圳市", "罗湖区", "福田区"]  # by the areas' codes


def test_the_generic_model_form_gets_autocompletes(tree, city_admin):
    """The generic create/edit form (RecordForm through modelform_factory): the employment's
    person and post are searched, the edit form shows the chosen person's name."""
    from django.forms import modelform_factory

    from shegong.core.forms import RecordForm
    from shegong.workforce.models import Employment

    org = factories.organisation(tree["futian"])
    who = data.person(tree["futian"], org, name="李小红")
    form_class = modelform_factory(Employment, form=RecordForm, fields=["person", "post"])
    form = form_class(user=city_admin, initial={"person": who.pk})
    html = str(form["person"])
    assert isinstance(form.fields["person"].widget, AutocompleteWidget)
    assert "<select" not in html
    assert f'value="{who.pk}"' in html
    assert "李小红" in html  # the label of the chosen person, for the control and without JS


def test_a_bound_filter_form_shows_the_chosen_label(client, tree, city_admin):
    org = factories.organisation(tree["futian"], name="福田社工服务中心")
    who = data.person(tree["futian"], org, name="王大明")
    client.force_login(city_admin)
    page = client.get(f"/workforce/employments/?person={who.pk}&post__organisation={org.pk}")
    html = page.content.decode()
    assert page.status_code == 200
    assert "王大明" in html
    assert "福田社工服务中心" in html
    assert select_options(html, "person") == []
    assert select_options(html, "post__organisation") == []


def test_the_widget_is_an_input_with_the_chosen_labels_for_a_browser_without_script(tree):
    """The exact HTML (rendered in Python since issue 13's ADR 0050): the input with its data
    attributes, then the chosen rows' labels, escaped, in a ``<noscript>``."""
    from shegong.organisations.models import Organisation

    a = factories.organisation(tree["futian"], name="福田<社工>中心")
    b = factories.organisation(tree["luohu"], name="罗湖社工中心")
    widget = AutocompleteWidget(Organisation.objects.all(), multiple=True, url="/lookup/")
    with translation.override("zh-hans"):
        html = widget.render("org", [b.pk, a.pk], attrs={"id": "id_org"})
    q = "&quot;"
    options = (
        f"[{{{q}value{q}: {q}{b.pk}{q}, {q}text{q}: {q}罗湖社工中心{q}}}, "
        f"{{{q}value{q}: {q}{a.pk}{q}, {q}text{q}: {q}福田&lt;社工&gt;中心{q}}}]"
    )
    assert html == (
        f'<input type="text" name="org" value="{b.pk},{a.pk}" id="id_org" '
        f'data-autocomplete="/lookup/" data-autocomplete-options="{options}" '
        'data-autocomplete-min="2" data-autocomplete-hint="输入至少 2 个字即可搜索" '
        'data-autocomplete-none="没有找到" data-autocomplete-loading="正在搜索…" '
        'data-autocomplete-remove="移除" autocomplete="off" data-autocomplete-multiple="" '
        'placeholder="编号（多个用逗号分隔）">\n'
        '<noscript><div class="form-text">罗湖社工中心, 福田&lt;社工&gt;中心</div></noscript>'
    )
    assert "<noscript>" not in widget.render("org", None, attrs={"id": "id_org"})


def test_a_wrong_id_in_a_filter_is_a_message_not_an_error(client, tree, city_admin):
    client.force_login(city_admin)
    page = client.get("/workforce/employments/?person=abc")
    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode()


# --- The lookup ---------------------------------------------------------------------------


def lookup(client, label, q, **params):
    response = client.get(f"/platform/lookup/{label}/", {"q": q, **params})
    assert response.status_code == 200
    return response.json()


def test_a_district_officer_finds_only_the_people_of_the_district(client, tree):
    futian = factories.organisation(tree["futian"])
    luohu = factories.organisation(tree["luohu"])
    mine = data.person(tree["futian"], futian, name="陈阳光")
    data.person(tree["luohu"], luohu, name="李阳光")
    client.force_login(factories.user(role="district_officer", scope=tree["futian"]))
    found = lookup(client, "people.person", "阳光")
    assert found == {"results": [{"value": str(mine.pk), "text": "陈阳光"}], "more": False}


def test_a_luohu_officer_finds_the_luohu_organisation_only(client, tree):
    factories.organisation(tree["futian"], name="福田阳光社工")
    theirs = factories.organisation(tree["luohu"], name="罗湖阳光社工")
    client.force_login(factories.user(role="district_officer", scope=tree["luohu"]))
    found = lookup(client, "organisations.organisation", "阳光")
    assert found["results"] == [{"value": str(theirs.pk), "text": "罗湖阳光社工"}]


def test_one_character_is_not_searched(client, tree, city_admin):
    data.person(tree["futian"], name="陈一")
    client.force_login(city_admin)
    assert lookup(client, "people.person", "陈") == {"results": [], "more": False}
    assert len(lookup(client, "people.person", "陈一")["results"]) == 1


def test_a_national_id_is_searched_only_by_who_may_see_it(client, tree):
    who = data.person(tree["futian"], name="赵私密")
    expected = {"results": [{"value": str(who.pk), "text": "赵私密"}], "more": False}
    officer = factories.user(role="district_officer", scope=tree["futian"])
    field_officer = factories.user(role="field_officer", scope=tree["futian"])
    client.force_login(field_officer)  # sees the person, not the private data
    assert lookup(client, "people.person", "赵私密") == expected
    assert lookup(client, "people.person", who.national_id) == {"results": [], "more": False}
    client.force_login(officer)
    assert lookup(client, "people.person", who.national_id[:10]) == {"results": [], "more": False}
    assert lookup(client, "people.person", who.national_id) == expected
    read = AuditRecord.objects.filter(action=AuditAction.READ, object_id=str(who.pk))
    assert read.count() == 1  # the match told the number: a read record


def test_the_lookup_pages(client, tree, city_admin):
    for n in range(23):
        data.person(tree["futian"], name=f"孙小{n:02d}")
    client.force_login(city_admin)
    first = lookup(client, "people.person", "孙小")
    second = lookup(client, "people.person", "孙小", page="2")
    assert (len(first["results"]), first["more"]) == (20, True)
    assert (len(second["results"]), second["more"]) == (3, False)
    assert lookup(client, "people.person", "孙小", page="x")["results"] == first["results"]


def test_the_lookup_needs_a_signed_in_user_and_a_known_list(client, tree, city_admin):
    assert client.get("/platform/lookup/people.person/?q=ab").status_code == 302
    client.force_login(city_admin)
    assert client.get("/platform/lookup/auth.permission/?q=ab").status_code == 404


def searched_models():
    found = set()
    for filterset in _FILTERSETS.values():
        for flt in filterset.base_filters.values():
            queryset = flt.extra.get("queryset")
            if not issubclass(flt.field_class, forms.ModelChoiceField):
                continue
            if hasattr(queryset, "model") and not is_small_table(queryset.model):
                found.add(queryset.model)
    return sorted(found, key=lambda m: m._meta.label_lower)


@pytest.mark.parametrize("model", searched_models(), ids=lambda m: m._meta.label_lower)
def test_every_searched_table_has_fields_to_search(model):
    """A search-as-you-type field over a table whose filterset searches nothing would find
    nothing (the exam sessions had no ``search_fields``: they are a small table now)."""
    from shegong.core.views.lookup import lookup_fields

    assert lookup_fields(model)
