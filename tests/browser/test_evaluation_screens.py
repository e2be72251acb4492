"""Issue 14 (FIN-3, the evaluation stage): the pages of the demo's challenged open tender at
1280 px and 390 px in Chinese and English, with a screenshot each and an axe-core audit: the
buyer district officer's procurement page (panel, draws, recusal, ranking, award, challenge),
a panel member's page, the panel, score, award and challenge forms, the challenge and its
answer form, the expert pool; a bidder's view of the procurement after the award (the ranking)
and its challenge form; a visitor's award notice on the public tender page.

Screenshots: ``$SHEGONG_SCREENSHOT_DIR`` (default ``/tmp/shegong-screens/``), named
``e<nn>-<page>-<language>-<width>.png``."""

from __future__ import annotations

import random
import re

import pytest
from django.urls import reverse

from shegong.core.testing import factories
from shegong.procurement import demo
from shegong.procurement.models import Challenge, Expert, PanelMember, Procurement

from .pages import tour
from .test_journey import chromium_path  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

ENGLISH = re.compile(
    r"\b(open_tender|awarded|dismissed|pending|serving|recused|expert|representative|"
    r"Panel|Score|Challenge|Award|Ranking|None)\b"
)


@pytest.fixture
def evaluation_world(tree):
    orgs = [factories.organisation(tree["luohu"], f"罗湖社工服务中心{n}") for n in "一二三"]
    demo.generate("district", random.Random(1), lambda message: None)
    factories.user("luohu_buyer", role="district_officer", scope=tree["luohu"])
    tender = Procurement.objects.get(title__contains="困境儿童")
    challenge = Challenge.objects.get()
    factories.user("bidder_admin", role="org_admin", scope=challenge.organisation)
    return {
        "tender": tender,
        "challenge": challenge,
        "member": PanelMember.objects.filter(status="recused").first(),
        "expert": Expert.objects.order_by("pk").first(),
        "orgs": orgs,
    }


def test_the_evaluation_pages_at_two_widths_in_two_languages(
    chromium_path,  # noqa: F811
    live_server,
    flushable_audit,
    reference_data,
    evaluation_world,
):
    w = evaluation_world
    p, c = w["tender"], w["challenge"]
    officer_pages = {
        "tender": reverse("procurement:procurement_detail", args=[p.pk]),
        "member": reverse("procurement:panelmember_detail", args=[w["member"].pk]),
        "panel-form": reverse("procurement:panel_form", args=[p.pk]),
        "score-form": reverse("procurement:panelmember_score", args=[w["member"].replaced_by.pk]),
        "recuse-form": reverse("procurement:panelmember_recuse", args=[w["member"].pk]),
        "award-form": reverse("procurement:award_bid", args=[p.pk]),
        "challenge": reverse("procurement:challenge_detail", args=[c.pk]),
        "answer-form": reverse("procurement:challenge_answer", args=[c.pk]),
        "experts": reverse("procurement:expert_list"),
        "expert": reverse("procurement:expert_detail", args=[w["expert"].pk]),
        "awards": reverse("procurement:award_list"),
    }
    bidder_pages = {
        "bidder-tender": reverse("procurement:procurement_detail", args=[p.pk]),
        "bidder-challenge-form": reverse("procurement:challenge", args=[p.pk]),
    }
    visitor_pages = {"public-award": reverse("portal:tender", args=[p.pk])}
    failures = tour(
        chromium_path,
        live_server.url,
        "e",
        (
            ("luohu_buyer", officer_pages),
            ("bidder_admin", bidder_pages),
            (None, visitor_pages),
        ),
        ENGLISH,
    )
    assert failures == {}
