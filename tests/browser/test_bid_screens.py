"""Issue 14 (bids and their opening, FIN-3): the bids' pages at 1280 px and 390 px in Chinese
and English, with a screenshot each and an axe-core audit (``a11y.py``): the buyer district
officer's procurement page with sealed bids (count and times only), the bids list, the "Open
bids" form, an opened procurement with its opening record and a bid read after the opening; an
organisation administrator's "Submit a bid" form, "My bids" and its own sealed bid. Fails on
a serious violation, a CSP violation, a page wider than the screen, English words left in the
Chinese pages, or a sealed price showing.

Screenshots: ``$SHEGONG_SCREENSHOT_DIR`` (default ``/tmp/shegong-screens/``), named
``b<nn>-<page>-<language>-<width>.png``. Database work happens before the Playwright block."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from shegong.procurement import services
from shegong.procurement.tests.bidsdata import bid, bids_world  # noqa: F401 - fixture
from shegong.procurement.tests.data import criteria, tender, today, world  # noqa: F401

from .pages import tour
from .test_journey import chromium_path  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

ENGLISH = re.compile(r"\b(Bids?|bid|sealed|valid|invalid|submitted|Proposal|Staff|opened)\b")


@pytest.fixture
def screens_world(bids_world):  # noqa: F811 - the fixture imported above
    w = bids_world
    sealed = bid(w, "a")
    opened = tender(w["item_futian"], title="社区矫正社会工作服务项目公开招标")
    criteria(opened)
    w["procurement"] = services.publish(None, opened, on=today())
    for key in "abc":
        bid(w, key)
    services.open_bids(w["officer"], w["procurement"], at=w["closing"])
    read = w["procurement"].bids.get(organisation=w["orgs"]["a"])
    return {"sealed": sealed, "opened": w["procurement"], "read": read}


def test_the_bid_pages_at_two_widths_in_two_languages(
    chromium_path,  # noqa: F811
    live_server,
    flushable_audit,
    reference_data,
    screens_world,
):
    s = screens_world
    url = live_server.url
    sealed_tender = s["sealed"].procurement
    officer_pages = {
        "sealed-tender": reverse("procurement:procurement_detail", args=[sealed_tender.pk]),
        "bids": reverse("procurement:bid_list"),
        "open-form": reverse("procurement:bid_open", args=[sealed_tender.pk]),
        "opened-tender": reverse("procurement:procurement_detail", args=[s["opened"].pk]),
        "opened-bid": reverse("procurement:bid_detail", args=[s["read"].pk]),
    }
    supplier_pages = {
        "submit": reverse("procurement:bid_submit", args=[sealed_tender.pk]),
        "my-bids": reverse("procurement:bid_list"),
        "own-sealed-bid": reverse("procurement:bid_detail", args=[s["sealed"].pk]),
    }
    failures = tour(
        chromium_path,
        url,
        "b",
        (("futian_officer", officer_pages), ("admin_a", supplier_pages)),
        ENGLISH,
        check=lambda name, text: (
            ["sealed price shown"] if "sealed" in name and "123456" in text else []
        ),
    )
    assert failures == {}
