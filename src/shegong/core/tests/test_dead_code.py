"""Issue 11 point 6: the dead-code check (vulture, configured in pyproject.toml, run by
.ci/run) reports a function nothing calls, even one named like a framework hook it does not
implement, while the framework's own protocol names pass."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]

pytestmark = pytest.mark.skipif(
    not (ROOT / "pyproject.toml").exists(), reason="needs the source checkout"
)

PLANTED = """
class AreaFilterSet:
    class Meta:
        ordering = ["name"]

    def filter_area(self, queryset, name, value):  # django-filter calls it by method="..."
        return queryset.filter(**{name: value})


print(AreaFilterSet)


def grade_in_force(employment):
    return employment


def get_totals(rows):
    return rows


def validate_code(value):
    return value
"""


def test_vulture_with_the_project_settings_reports_uncalled_functions(tmp_path):
    module = tmp_path / "planted.py"
    module.write_text(textwrap.dedent(PLANTED))
    result = subprocess.run(  # noqa: S603 (our interpreter, fixed arguments)
        [sys.executable, "-m", "vulture", "--config", str(ROOT / "pyproject.toml"), str(module)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    reported = sorted(line.split("'")[1] for line in result.stdout.splitlines())
    assert reported == ["get_totals", "grade_in_force", "validate_code"]
    assert result.returncode == 3  # vulture: dead code found
