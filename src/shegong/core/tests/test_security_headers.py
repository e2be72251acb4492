"""Security headers (issue 10): Content-Security-Policy without inline script, Permissions-Policy,
``Cache-Control: no-store`` for signed-in users, and the API docs closed in production.

The production refusals of weak settings (``SECRET_KEY``, ``ALLOWED_HOSTS``) are tested in a
fresh interpreter, in ``tests/deploy/test_production.py``.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from shegong.accounts.services import issue_token
from shegong.core.models import Job
from shegong.core.testing import factories

PACKAGE = Path(__file__).resolve().parents[2]


def policy(response) -> dict[str, set[str]]:
    """The Content-Security-Policy header as directive -> sources (the order is not fixed)."""
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = set(sources)
    return directives


#: The policy of every page but ReDoc's, as settings.CONTENT_SECURITY_POLICY states it.
EXPECTED_POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
}


#: ``<script>`` types a browser never runs: data blocks (``{{ value|json_script:"id" }}``
#: writes ``application/json``), which pages read with ``JSON.parse`` from a static script.
DATA_SCRIPT_TYPES = {"application/json"}


class InlineCode(HTMLParser):
    """Collects what a Content-Security-Policy without 'unsafe-inline' would block."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs:
            self._in_inline_script = attrs.get("type") not in DATA_SCRIPT_TYPES
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name == "style":
                self.found.append(f"<{tag} style={value!r}>")
            if name in ("href", "src", "action") and (value or "").lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.found.append(f"inline <script>: {data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


@pytest.fixture
def admin(tree):
    return factories.user("cityadmin", role="city_admin", scope=tree["city"])


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def test_signed_in_pages_have_the_policy_and_no_inline_code(admin_client, admin, tree):
    job = Job.objects.create(kind="export", total=4, done=1, created_by=admin)
    pages = [
        reverse("portal:home"),
        reverse("areas:area_list"),
        reverse("areas:area_detail", args=[tree["city"].pk]),
        reverse("areas:area_add"),
        reverse("core:job_detail", args=[job.pk]),
        reverse("portal:register"),
        reverse("portal:public_key"),
        reverse("reports:overview"),  # charts: data in json_script blocks, drawn by a static file
    ]
    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert policy(response) == EXPECTED_POLICY, url
        assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"], url
        assert inline_code(response.content.decode()) == [], url


def test_htmx_neither_evaluates_code_nor_keeps_copies_of_pages(admin_client):
    """htmx's inline indicator style would be blocked, its eval is what the policy forbids, and
    its history cache would keep private pages in sessionStorage despite ``no-store``; copying
    a ``style`` attribute onto a swapped element is an inline style the policy refuses
    (``tests/browser/test_autocomplete.py`` saw it once Tom Select had touched a style)."""
    html = admin_client.get(reverse("areas:area_list")).content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)
    assert config, "no htmx-config meta tag"
    assert json.loads(config.group(1)) == {
        "includeIndicatorStyles": False,
        "allowEval": False,
        "historyCacheSize": 0,
        "refreshOnHistoryMiss": True,
        "attributesToSettle": ["class", "width", "height"],
    }
    assert html.index('name="htmx-config"') < html.index("htmx-2")  # read when htmx loads


def test_job_progress_bar_width_is_a_class_not_an_inline_style(admin_client, admin):
    job = Job.objects.create(kind="export", total=4, done=1, created_by=admin)
    html = admin_client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert 'class="progress-bar pct-25"' in html
    css = (PACKAGE / "core/static/core/shegong.css").read_text()
    assert ".pct-25 { width: 25%; }" in css


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/public-register/", "/verify/NO-SUCH-CODE/", "/complaints/new/"]
)
def test_anonymous_pages_have_the_policy_and_no_inline_code(client, db, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert policy(response) == EXPECTED_POLICY
    assert inline_code(response.content.decode()) == []


#: Inline code a template could add: a <script> without src, an on...= handler, a style
#: attribute or element, a javascript: URL, htmx's hx-on (evaluated code).
TEMPLATE_INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>"
    r"|<style\b"
    r"|<[a-zA-Z][^>]*\s(on[a-z]+|style|hx-on[:\w-]*)\s*="
    r"|javascript:",
    re.IGNORECASE,
)


def test_no_template_has_inline_script_style_or_handler():
    """A new template cannot bring inline code back: the policy would block it in the browser."""
    templates = sorted(PACKAGE.glob("*/templates/**/*.html"))
    assert len(templates) > 50  # the scan really looks at the project's templates
    offenders = [
        f"{path.relative_to(PACKAGE)}: {match.group(0)[:80]}"
        for path in templates
        for match in TEMPLATE_INLINE.finditer(path.read_text())
    ]
    assert offenders == []


def test_template_scan_catches_inline_code():
    for snippet in [
        "<script>alert(1)</script>",
        '<select onchange="this.form.submit()">',
        '<div class="x" style="width: 5%">',
        '<a href="javascript:void(0)">',
        "<style>body{}</style>",
        '<button hx-on:click="go()">',
    ]:
        assert TEMPLATE_INLINE.search(snippet), snippet
    assert not TEMPLATE_INLINE.search('<script src="/static/core/shegong.js" defer></script>')


def test_a_json_data_block_is_not_inline_code_but_any_other_script_is():
    assert inline_code('<script id="d" type="application/json">{"a": 1}</script>') == []
    assert inline_code('<script type="text/javascript">alert(1)</script>') != []
    assert inline_code('<script type="module">alert(1)</script>') != []
    assert inline_code("<script>alert(1)</script>") != []


def test_permissions_policy_and_django_security_headers(client, db):
    response = client.get("/accounts/login/")
    assert response.headers["Permissions-Policy"] == (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
        "hid=(), magnetometer=(), gyroscope=(), accelerometer=(), "
        "display-capture=()"
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_no_store_for_signed_in_pages_and_api_but_not_static_files(client, admin):
    # Anonymous: a public page is left as it is (no private data in it).
    assert "Cache-Control" not in client.get(reverse("portal:register")).headers

    client.force_login(admin)
    assert client.get(reverse("areas:area_list")).headers["Cache-Control"] == "no-store"
    assert client.get("/api/v1/me/").headers["Cache-Control"] == "no-store"
    static = client.get("/static/core/shegong.css")
    assert static.status_code == 200
    assert "no-store" not in static.headers.get("Cache-Control", "")


def test_no_store_for_api_calls_with_a_token(client, admin):
    _, key = issue_token(None, admin, "script")
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


API_DOCS = ["/api/schema/", "/api/docs/", "/api/redoc/"]


@pytest.mark.parametrize("url", API_DOCS)
def test_api_docs_closed_to_anonymous_when_not_public(client, db, settings, url):
    settings.PUBLIC_API_DOCS = False
    response = client.get(url)
    if url == "/api/schema/":
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response.headers["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("url", [*API_DOCS, "/api/docs/?script="])
def test_api_docs_open_to_signed_in_users_and_when_public(client, admin, settings, url):
    settings.PUBLIC_API_DOCS = False
    client.force_login(admin)
    assert client.get(url).status_code == 200
    client.logout()
    settings.PUBLIC_API_DOCS = True
    assert client.get(url).status_code == 200


def test_swagger_ui_has_no_inline_script(client, db, settings):
    settings.PUBLIC_API_DOCS = True
    response = client.get("/api/docs/")
    assert policy(response) == EXPECTED_POLICY
    assert inline_code(response.content.decode()) == []
    assert '<script src="/api/docs/?script="></script>' in response.content.decode()
    script = client.get("/api/docs/?script=")
    assert script.headers["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in script.content.decode()


def test_redoc_alone_may_use_runtime_styles_and_a_blob_worker(client, db, settings):
    settings.PUBLIC_API_DOCS = True
    response = client.get("/api/redoc/")
    assert policy(response) == {
        **EXPECTED_POLICY,
        "style-src": {"'self'", "'unsafe-inline'"},
        "worker-src": {"'self'", "blob:"},
    }
    html = response.content.decode()
    assert inline_code(html) == []
    assert "fonts.googleapis.com" not in html


def test_redoc_loads_nothing_from_another_site(client, db, settings):
    """The app runs on intranets without the internet: the ReDoc page's script is the installed
    bundle served by us, and the image its sidebar drew from cdn.redoc.ly is our own icon."""
    settings.PUBLIC_API_DOCS = True
    html = client.get("/api/redoc/").content.decode()
    assert '<script src="/api/redoc/redoc.standalone.js"></script>' in html
    bundle = client.get("/api/redoc/redoc.standalone.js")
    assert bundle.status_code == 200
    assert bundle.headers["Content-Type"] == "text/javascript; charset=utf-8"
    script = bundle.content.decode()
    assert "Redoc" in script and len(script) > 500_000  # the whole bundle
    assert "cdn.redoc.ly" not in script
    assert 'src:"/static/core/favicon.svg"' in script
