"""The public register page's answers kept for visitors (``portal/pagecache.py``, issue 13):
served again without a query, dropped by any change of what the register shows, each visitor
with their own CSRF token, never for a signed-in user."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shegong.core.models import CalendarDay
from shegong.core.services import create_record
from shegong.core.testing import factories
from shegong.portal import pagecache
from shegong.registry.tests import public_data

pytestmark = pytest.mark.django_db

PAGE = "/public-register/"


@pytest.fixture(autouse=True)
def _kept(settings, english):
    settings.PUBLIC_REGISTER_RATE = "1000/minute"
    settings.PUBLIC_REGISTER_PAGE_SECONDS = 300
    cache.clear()


@pytest.fixture
def reg(tree):
    return public_data.build_register(tree)


def _get(client, query, language="en"):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(PAGE, query, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response, len(captured)


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_search_again_is_answered_without_a_query(client, reg):
    _get(client, {"q": "张三丰"})  # starts the register's version
    first, queries = _get(client, {"q": "张三丰"})
    assert queries >= 1
    again, queries = _get(client, {"q": "张三丰"})
    assert queries == 0
    assert "SZ2023000001" in again.content.decode()
    other, queries = _get(client, {"q": "李四"})  # another search: its own answer
    assert queries >= 1 and "SZ2023000001" not in other.content.decode()
    chinese, queries = _get(client, {"q": "张三丰"}, "zh-hans")  # another language
    assert queries >= 1 and "公示" in chinese.content.decode()


def test_a_change_of_what_the_register_shows_drops_the_kept_answers(
    client, reg, django_capture_on_commit_callbacks
):
    for _ in range(3):
        html = _get(client, {"q": "张三丰"})[0].content.decode()
    assert "Suspension" not in html
    with django_capture_on_commit_callbacks(execute=True):
        public_data.sanction(reg["people"]["zhang"], "suspension", date(2024, 1, 1), None)
    response, queries = _get(client, {"q": "张三丰"})
    assert queries >= 1
    assert "Suspension" in response.content.decode()


def test_a_change_of_something_else_keeps_them(client, reg, django_capture_on_commit_callbacks):
    for _ in range(2):
        _get(client, {"q": "张三丰"})
    with django_capture_on_commit_callbacks(execute=True):
        create_record(None, CalendarDay, {"date": date(2031, 1, 2), "kind": "holiday"})
    assert _get(client, {"q": "张三丰"})[1] == 0


def test_every_visitor_gets_their_own_csrf_token(reg):
    first, second = Client(), Client()
    pages = []
    for visitor in (first, second, first, second):
        pages.append(_get(visitor, {"q": "张三丰"})[0])
    assert _get(second, {"q": "张三丰"})[1] == 0  # a kept answer
    for visitor, response in zip((first, second, first, second), pages, strict=True):
        html = response.content.decode()
        assert pagecache.CSRF_PLACEHOLDER not in html
        secret = visitor.cookies["csrftoken"].value
        assert _unmask_cipher_token(_token(html)) == secret
        assert html.count(_token(html)) == 2  # the language form and htmx's header
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


def test_an_answer_kept_by_another_worker_gets_the_visitors_token(reg):
    """gunicorn's workers import the application each for themselves: the placeholder for
    the token must be the one every process computes, or an answer kept by one worker keeps
    its placeholder as the token when another serves it (a refused language switch)."""
    another_worker = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); "
            "from shegong.portal import pagecache; print(pagecache.CSRF_PLACEHOLDER)",
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "shegong.settings"},
    ).stdout.strip()
    assert another_worker == pagecache.CSRF_PLACEHOLDER
    assert re.fullmatch(r"csrf-[0-9a-f]{32}", another_worker)
    visitor = Client()
    _get(visitor, {"q": "张三丰"})  # starts the register's version
    kept = _get(visitor, {"q": "张三丰"})[0].content.decode()  # kept by this worker
    served, queries = _get(Client(), {"q": "张三丰"})  # served to another visitor
    html = served.content.decode()
    assert queries == 0 and another_worker not in html and another_worker not in kept
    assert _token(html) != _token(kept) and len(_token(html)) == 64


def test_a_signed_in_user_is_never_given_a_kept_answer(client, reg):
    for _ in range(2):
        _get(Client(), {"q": "张三丰"})
    client.force_login(factories.user("officer"))
    response, queries = _get(client, {"q": "张三丰"})
    assert queries >= 1
    assert "officer" in response.content.decode()


def test_nothing_is_kept_when_it_is_switched_off(client, reg, settings):
    settings.PUBLIC_REGISTER_PAGE_SECONDS = 0
    for _ in range(3):
        queries = _get(client, {"q": "张三丰"})[1]
    assert queries >= 1


def test_no_answer_is_served_without_a_current_version(client, reg):
    for _ in range(2):
        _get(client, {"q": "张三丰"})
    cache.delete(pagecache.VERSION_KEY)  # evicted, or the cache restarted
    assert _get(client, {"q": "张三丰"})[1] >= 1
