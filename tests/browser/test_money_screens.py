"""Issue 14 (dashboards): the purchased-services dashboard at 1280 px and 390 px in Chinese and
English, with a screenshot each and an axe-core audit (``a11y.py``): a district officer's own
district, a city officer's whole city and the city officer's district filter, and the
contract form with its funding lines (the formset, "Add a funding line"). Fails on a serious
violation, a CSP violation, a page wider than the screen, or English words left in the Chinese
pages.

Screenshots: ``$SHEGONG_SCREENSHOT_DIR`` (default ``/tmp/shegong-screens/``), named
``m<nn>-<page>-<language>-<width>.png``."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from shegong.procurement.models import Procurement
from shegong.procurement.tests.data import world
from shegong.reports.tests.money_data import mworld

from .pages import tour
from .test_journey import chromium_path  # noqa: F401 - fixture

pytestmark = pytest.mark.browser
__all__ = ["mworld", "world"]

#: Words of the English UI that must not show in the Chinese pages (raw values, labels).
ENGLISH = re.compile(
    r"\b(Allocated|Committed|Paid|Planned|Available|Overdue|District budget|Welfare|"
    r"in_force|published|awarded|contracted|None|Total|Status)\b"
)


def test_the_dashboard_at_two_widths_in_two_languages(
    chromium_path,  # noqa: F811
    live_server,
    flushable_audit,
    reference_data,
    mworld,
):
    dashboard = reverse("reports:money")
    luohu = mworld["tree"]["luohu"].pk
    awarded = Procurement.objects.get(status="awarded", buyer=mworld["tree"]["futian"])
    contract_form = reverse("procurement:procurement_contract", args=[awarded.pk])

    def figures_shown(name, text):
        """The figures of ``money_data`` as the pages show them (thousands separators)."""
        expected = {
            "district": ["450,000.00", "130,000.00", "1,100,000.00"],
            "city": ["1,750,000.00", "2,100,000.00"],
            "city-luohu": ["300,000.00", "180,000.00"],
        }.get(name, [])
        return [f"figure missing: {figure}" for figure in expected if figure not in text]

    failures = tour(
        chromium_path,
        live_server.url,
        "m",
        (
            (
                "futian_officer",
                {"district": f"{dashboard}?year=2026", "contract-form": contract_form},
            ),
            (
                "city_officer",
                {
                    "city": f"{dashboard}?year=2026",
                    "city-luohu": f"{dashboard}?year=2026&area={luohu}",
                },
            ),
        ),
        ENGLISH,
        check=figures_shown,
    )
    assert failures == {}
