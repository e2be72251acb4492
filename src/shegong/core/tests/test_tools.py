"""Issue 12, defect 10: a test that needs a system tool skips without it (``dev.py test``,
Python only) and fails under ``.ci/run`` (``SHEGONG_REQUIRE_TOOLS=1``); Hypothesis runs with the
suite's profile (no deadline, no slowness health check)."""

from __future__ import annotations

import pytest
from _pytest.outcomes import Failed, Skipped
from hypothesis import HealthCheck, settings

from shegong.core.testing.tools import require_tool

ABSENT = "shegong-no-such-tool"


def test_a_missing_tool_skips_with_the_reason(monkeypatch):
    monkeypatch.delenv("SHEGONG_REQUIRE_TOOLS", raising=False)
    with pytest.raises(Skipped, match=f"{ABSENT} not installed"):
        require_tool(ABSENT)


def test_a_missing_tool_fails_when_tools_are_required(monkeypatch):
    monkeypatch.setenv("SHEGONG_REQUIRE_TOOLS", "1")
    with pytest.raises(Failed, match=f"SHEGONG_REQUIRE_TOOLS=1 but {ABSENT} not installed"):
        require_tool(ABSENT)


def test_gettext_missing_names_its_package(monkeypatch):
    monkeypatch.delenv("SHEGONG_REQUIRE_TOOLS", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(Skipped, match=r"xgettext not installed \(apt-get install gettext\)"):
        require_tool("xgettext")


def test_a_present_tool_lets_the_test_run():
    require_tool("python3")  # returns: nothing skipped, nothing failed


def test_the_hypothesis_profile_has_no_deadline_and_no_slowness_check():
    assert settings().deadline is None
    assert HealthCheck.too_slow in settings().suppress_health_check
    assert HealthCheck.data_too_large in settings().suppress_health_check
