"""The public register page from a kept shell (``core.shells``, issue 13): a visitor gets
exactly the page a full rendering gives, with their own search, address and CSRF token, in
their language; the layout is rendered once per language; a signed-in user gets the whole
page rendered."""

from __future__ import annotations

import html
import re

import pytest
from django.core.cache import cache
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.signals import template_rendered

from shegong.core import shells
from shegong.core.testing import factories
from shegong.registry.tests import public_data

pytestmark = pytest.mark.django_db

PAGE = "/public-register/"


@pytest.fixture(autouse=True)
def _fresh(settings):
    settings.PUBLIC_REGISTER_RATE = "1000/minute"
    settings.PUBLIC_REGISTER_PAGE_SECONDS = 0  # every answer rendered: the shell at work
    cache.clear()
    shells._SHELLS.clear()


@pytest.fixture
def reg(tree):
    return public_data.build_register(tree)


@pytest.fixture
def rendered():
    """The templates rendered while the fixture is in use, by name."""
    names = []

    def seen(sender, template, context, **kwargs):
        names.append(template.name)

    template_rendered.connect(seen)
    yield names
    template_rendered.disconnect(seen)


def _token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_a_visitor_gets_the_page_a_full_rendering_gives(client, reg, rendered, monkeypatch):
    query = {"q": "张三丰", "district": ""}
    for language in ("zh-hans", "en"):
        client.get(PAGE, query, HTTP_ACCEPT_LANGUAGE=language)  # the shell kept
        rendered.clear()
        kept = client.get(PAGE, query, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert "base.html" not in rendered
        with monkeypatch.context() as patched:  # the same request rendered whole
            patched.setattr(shells, "for_everyone", lambda request: False)
            whole = client.get(PAGE, query, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert "base.html" in rendered
        assert "SZ2023000001" in kept and 'value="张三丰"' in kept
        # Each answer has a freshly masked token of the visitor's one secret.
        tokens = {_token(kept), _token(whole)}
        assert len({_unmask_cipher_token(t) for t in tokens}) == 1
        assert kept.count(_token(kept)) == 2  # the language form and htmx's header
        for token in tokens:
            kept, whole = kept.replace(token, "TOKEN"), whole.replace(token, "TOKEN")
        assert kept == whole


def test_each_visitor_gets_their_search_address_and_token(reg, rendered):
    first, second = Client(), Client()
    one = first.get(PAGE, {"q": "张三丰"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    rendered.clear()
    hostile = '"><script>alert(1)</script>'
    two = second.get(PAGE, {"q": "李四", "x": hostile}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # The second visitor's page: only its part was rendered, around the kept layout.
    assert "base.html" not in rendered and "portal/register_search.html" in rendered
    assert 'value="李四"' in two and "SZ2023000001" not in two
    assert 'value="张三丰"' in one and "SZ2023000001" in one
    # The language form returns each to their own address, escaped.
    address = html.escape("/public-register/?q=%E5%BC%A0%E4%B8%89%E4%B8%B0")
    assert f'name="next" type="hidden" value="{address}"' in one
    assert "<script>alert(1)" not in two
    next_value = re.search(r'name="next" type="hidden" value="([^"]*)"', two).group(1)
    assert "<" not in next_value and "%3Cscript%3E" in html.unescape(next_value)
    # Each visitor's token is of their own cookie's secret.
    for visitor, page in ((first, one), (second, two)):
        secret = visitor.cookies["csrftoken"].value
        assert _unmask_cipher_token(_token(page)) == secret
    assert _token(one) != _token(two)


def test_the_layout_is_kept_per_language(reg, rendered):
    visitor = Client()
    english = visitor.get(PAGE, {"q": "张三丰"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = visitor.get(PAGE, {"q": "张三丰"}, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "base.html" in rendered  # the Chinese layout rendered for the first Chinese visitor
    assert '<html lang="en">' in english and "Public register of social workers" in english
    assert '<html lang="zh-hans">' in chinese and "Public register of social workers" not in chinese
    assert "Sign in" in english and "Sign in" not in chinese


def test_a_signed_in_user_gets_the_whole_page(reg, rendered):
    user = factories.user(username="official")
    visitor = Client()
    visitor.get(PAGE, {"q": "张三丰"}, HTTP_ACCEPT_LANGUAGE="en")  # the visitor's shell kept
    signed_in = Client()
    signed_in.force_login(user)
    rendered.clear()
    page = signed_in.get(PAGE, {"q": "张三丰"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "base.html" in rendered
    assert "Sign in" not in page and "Sign out" in page
    assert shells.PART not in page and shells.CSRF not in page and shells.NEXT not in page
