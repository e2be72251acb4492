"""Tests that need a system tool (GNU gettext, poppler, zbar, Chromium) skip without it, saying
which tool and how to install it, under ``python3 dev.py test`` (the README promises Python and
nothing else); under ``.ci/run`` (``SHEGONG_REQUIRE_TOOLS=1``) a missing tool fails the test
instead (issue 12, defect 10). ``SHEGONG_REQUIRE_BROWSER=1`` is kept for the browser tests.
"""

from __future__ import annotations

import os
import shutil

import pytest

#: Which Debian package holds each tool.
PACKAGES = {
    "xgettext": "gettext",
    "msgmerge": "gettext",
    "msgattrib": "gettext",
    "msgfmt": "gettext",
    "pdftoppm": "poppler-utils",
    "pdffonts": "poppler-utils",
    "pdftotext": "poppler-utils",
    "zbarimg": "zbar-tools",
    "chromium": "chromium",
}


def tools_required() -> bool:
    return os.environ.get("SHEGONG_REQUIRE_TOOLS") == "1"


def missing_tool(reason: str) -> None:
    """Skip (locally) or fail (``SHEGONG_REQUIRE_TOOLS=1``) with ``reason``."""
    if tools_required():
        pytest.fail(f"SHEGONG_REQUIRE_TOOLS=1 but {reason}")
    pytest.skip(reason)


def require_tool(*names: str) -> None:
    """Skip or fail the running test unless every tool in ``names`` is on PATH."""
    missing = [name for name in names if not shutil.which(name)]
    if missing:
        packages = sorted({PACKAGES.get(name, name) for name in missing})
        missing_tool(f"{', '.join(missing)} not installed (apt-get install {' '.join(packages)})")
