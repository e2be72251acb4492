"""Issue 13: the public register's API is found without trying every signed-in route.

The apps' API routes are included under ``/api/v1/`` without a prefix of their own, so Django
tries them one by one; the public API, listed last, was matched after some 320 patterns, which
cost 38 % of a lookup's time. It is listed first now, which is safe only while no other route
starts with ``public/``."""

from __future__ import annotations

from unittest import mock

from django.urls import URLPattern, URLResolver, get_resolver, resolve


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        else:
            yield route, pattern


def test_the_public_api_is_matched_after_a_few_patterns():
    tried = []
    real = URLPattern.resolve

    def counting(self, path):
        tried.append(self)
        return real(self, path)

    with mock.patch.object(URLPattern, "resolve", counting):
        match = resolve("/api/v1/public/register/")
    assert match.view_name == "api:public_register"
    assert len(tried) < 40  # the portal's pages and the public API's own routes; 322 before


def test_only_the_public_api_has_routes_under_public():
    under = {
        route: pattern.lookup_str
        for route, pattern in _routes(get_resolver().url_patterns)
        if route.startswith("api/v1/public/")
    }
    assert under  # the register, its lookup, the open contracting data
    assert all(where.startswith("shegong.portal.") for where in under.values()), under
