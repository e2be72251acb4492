"""Issue 11 point 7: the front-end files pages load exist, and the vendored ones are the
files recorded (version, licence, SHA-256) in ``core/static/vendor/README.md``."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from django.contrib.staticfiles import finders

import shegong

SRC = Path(shegong.__file__).resolve().parent
VENDOR = SRC / "core" / "static" / "vendor"
STATIC_TAG = re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]\s*%}""")


def template_static_paths() -> dict[str, list[str]]:
    """Every literal ``{% static '…' %}`` path in the project's templates, with where it is."""
    paths: dict[str, list[str]] = {}
    for template in sorted(SRC.glob("*/templates/**/*")):
        if template.is_file():
            for path in STATIC_TAG.findall(template.read_text(encoding="utf-8")):
                paths.setdefault(path, []).append(str(template.relative_to(SRC)))
    return paths


def test_every_static_path_in_the_templates_is_found():
    paths = template_static_paths()
    # base.html loads Bootstrap's CSS and JS: the scan must see them, or it proves nothing
    assert "vendor/bootstrap-5.3.8/css/bootstrap.min.css" in paths
    assert "vendor/bootstrap-5.3.8/js/bootstrap.bundle.min.js" in paths
    missing = {path: where for path, where in paths.items() if finders.find(path) is None}
    assert missing == {}


def test_bootstrap_is_served_from_the_vendored_copy_not_a_package():
    found = Path(finders.find("vendor/bootstrap-5.3.8/js/bootstrap.bundle.min.js"))
    assert found == VENDOR / "bootstrap-5.3.8" / "js" / "bootstrap.bundle.min.js"
    assert "Bootstrap v5.3.8" in found.read_text(encoding="utf-8")[:200]
    assert finders.find("bootstrap/js/bootstrap.bundle.min.js") is None


def test_vendored_files_match_the_hashes_recorded_in_the_readme():
    rows = re.findall(r"^\| (\S+) \| ([0-9a-f]{64}) \|$", (VENDOR / "README.md").read_text(), re.M)
    recorded = dict(rows)
    assert recorded["bootstrap-5.3.8/css/bootstrap.min.css"] == (
        "d85327d99c7a3ee1f9b5d0500d1370acea3ad2db39c163c2f51f232baedbdede"
    )
    on_disk = {
        str(f.relative_to(VENDOR)): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(VENDOR.rglob("*"))
        if f.is_file() and f.name != "README.md"
    }
    assert on_disk == recorded


def test_the_site_has_an_icon_and_favicon_ico_leads_to_it(client):
    """No page's request for an icon ends in a 404 (a console error in every browser)."""
    page = client.get("/accounts/login/")
    assert '<link rel="icon" type="image/svg+xml" href="/static/core/favicon.svg">' in (
        page.content.decode()
    )
    answer = client.get("/favicon.ico")
    assert answer.status_code == 301
    assert answer["Location"] == "/static/core/favicon.svg"
    assert finders.find("core/favicon.svg") is not None
