"""Issue 12, defect 2: the error pages are the site's own, in its layout and the user's
language, and say what happened and where to go; under ``/api/`` they stay JSON.
(``DEBUG`` is False in the tests, so Django uses the handlers of ``shegong.urls``.)"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import translation

from shegong.core.views import errors

ZH = {"accept-language": "zh-hans"}
EN = {"accept-language": "en"}


@pytest.fixture
def chinese(settings):
    settings.LANGUAGE_CODE = "zh-hans"
    with translation.override("zh-hans"):
        yield


@pytest.mark.django_db
def test_a_missing_page_is_styled_and_in_chinese(client, chinese):
    response = client.get("/no-such-page/", headers=ZH)
    assert response.status_code == 404
    body = response.content.decode()
    assert 'lang="zh-hans"' in body
    assert "core/shegong.css" in body and 'class="navbar' in body  # the site's layout
    assert '<h1 class="h3 mb-3">页面不存在</h1>' in body
    assert "此页面不存在，或您无权查看。" in body
    assert '<a class="btn btn-primary" href="/">返回首页</a>' in body
    assert "Not Found" not in body and "Page not found" not in body


@pytest.mark.django_db
def test_a_missing_page_in_english_links_back_to_where_the_user_came_from(client, english):
    response = client.get(
        "/no-such-page/", headers={**EN, "referer": "http://testserver/register/"}
    )
    body = response.content.decode()
    assert '<h1 class="h3 mb-3">Page not found</h1>' in body
    assert '<a class="btn btn-outline-secondary" href="http://testserver/register/">' in body
    foreign = client.get("/no-such-page/", headers={**EN, "referer": "https://evil.example/"})
    assert "evil.example" not in foreign.content.decode()  # never a link off the site


@pytest.mark.django_db
def test_a_refusal_page_shows_the_reason_in_the_layout(chinese):
    request = RequestFactory().get("/register/")
    request.user = AnonymousUser()
    response = errors.permission_denied(request, PermissionDenied("只有机构管理员可以这样做。"))
    body = response.content.decode()
    assert response.status_code == 403
    assert '<h1 class="h3 mb-3">无权操作</h1>' in body
    assert "只有机构管理员可以这样做。" in body
    assert "未作任何更改" in body
    assert "返回首页" in body
    assert 'href="/accounts/login/?next=/register/"' in body  # not signed in: a way in


def test_the_server_error_page_needs_no_database_and_is_in_the_language(chinese):
    # No ``django_db`` mark: any database access would fail this test.
    response = errors.server_error(RequestFactory().get("/areas/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert 'lang="zh-hans"' in body
    assert "/static/core/shegong.css" in body and "bootstrap.min.css" in body
    assert '<h1 class="h3 mb-3">系统出错</h1>' in body
    assert "错误已记录" in body
    assert '<a class="btn btn-primary" href="/">返回首页</a>' in body
    with translation.override("en"):
        body = errors.server_error(RequestFactory().get("/areas/")).content.decode()
    assert '<h1 class="h3 mb-3">Something went wrong</h1>' in body


@pytest.mark.django_db
def test_the_api_keeps_json_errors(client, chinese):
    response = client.get("/api/v1/no-such-thing/", headers=ZH)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    api = errors.server_error(RequestFactory().get("/api/v1/areas/"))
    assert api["Content-Type"] == "application/json"
