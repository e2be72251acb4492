"""Issue 15, point 7: the oversight dashboard at 1280 px and 390 px in Chinese and English,
with a screenshot each and an axe-core audit (``a11y.py``): a district officer's own district,
a city officer's whole city, and the whole city for one service field. Fails on a serious
violation, a CSP violation, a page wider than the screen, or English words left in the Chinese
pages.

Screenshots: ``$SHEGONG_SCREENSHOT_DIR`` (default ``/tmp/shegong-screens/``), named
``d<nn>-<page>-<language>-<width>.png``."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from shegong.organisations.models import ServiceField
from shegong.reports.tests.oversight_data import cworld, dworld, oworld, world

from .pages import tour
from .test_journey import chromium_path  # noqa: F401 - fixture

pytestmark = pytest.mark.browser
__all__ = ["cworld", "dworld", "oworld", "world"]

#: Words of the English UI that must not show in the Chinese pages (raw values, labels).
ENGLISH = re.compile(
    r"\b(Overdue|Running|Visited|Drawn|Excellent|Good|Competent|No grade|None|Total|"
    r"not_competent|excellent)\b"
)


def test_the_oversight_dashboard_at_two_widths_in_two_languages(
    chromium_path,  # noqa: F811
    live_server,
    flushable_audit,
    reference_data,
    dworld,
):
    dashboard = reverse("reports:oversight")
    social_work = ServiceField.objects.get(code="02").pk
    failures = tour(
        chromium_path,
        live_server.url,
        "d",
        (
            ("futian_officer", {"district": f"{dashboard}?year=2026"}),
            (
                "city_officer",
                {
                    "city": f"{dashboard}?year=2026",
                    "field": f"{dashboard}?year=2026&field={social_work}",
                },
            ),
        ),
        ENGLISH,
    )
    assert failures == {}
