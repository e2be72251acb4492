"""Issue 15 (ORG-4, FIN-5): the incubation and audits pages at 1280 px and 390 px in Chinese
and English, with a screenshot each and an axe-core audit (``a11y.py``): a district officer's
incubation base (occupancy, holders, outcomes per year), the decided call with its ranking, an
application with its points, an occupancy with milestones, the lists; the annual work reports
(the late one, a draft's values form, the late reports), an audit with its overdue action; the
supplier's own report form and its audit. Fails on a serious violation, a CSP violation, a page
wider than the screen, or English words left in the Chinese pages.

Screenshots: ``$SHEGONG_SCREENSHOT_DIR`` (default ``/tmp/shegong-screens/``), named
``i<nn>-<page>-<language>-<width>.png``. Database work happens before the Playwright block."""

from __future__ import annotations

import random
import re

import pytest
from django.urls import reverse

from shegong.audits import demo as audits_demo
from shegong.audits.models import AnnualReport, Audit, RequiredAction
from shegong.core.testing import factories
from shegong.funding import demo as funding_demo
from shegong.incubation import demo as incubation_demo
from shegong.incubation.models import Application, Base, Call, Milestone, Occupancy
from shegong.procurement import demo as procurement_demo

from .pages import tour
from .test_journey import chromium_path  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

#: Words of the English UI (or raw values) that must not show in the Chinese pages.
ENGLISH = re.compile(
    r"\b(submitted|admitted|refused|graduated|exited|desk|room|draft|filed|financial|internal|"
    r"supplier|money|yes_no|None|True|False|Incubation|Audit|Overdue|Deadline|report)\b"
)


@pytest.fixture
def world(tree):
    for district, names in (
        (tree["luohu"], ["罗湖社工服务中心", "罗湖阳光社会工作服务中心", "罗湖同心义工服务队"]),
        (tree["futian"], ["福田社工服务中心"]),
    ):
        for name in names:
            factories.organisation(district, name)
    rng, quiet = random.Random(1), lambda message: None
    funding_demo.generate("district", rng, quiet)
    procurement_demo.generate("district", rng, quiet)
    incubation_demo.generate("district", rng, quiet)
    audits_demo.generate("district", rng, quiet)
    factories.user("luohu_officer", role="district_officer", scope=tree["luohu"])
    audit = Audit.objects.get()
    draft = AnnualReport.objects.get(status="draft")
    supplier = audit.contract.supplier
    factories.user("supplier_admin", role="org_admin", scope=supplier)
    factories.user("draft_admin", role="org_admin", scope=draft.organisation)
    past = Call.objects.exclude(decided_on=None).get()
    current = Call.objects.get(decided_on=None)
    waiting = Application.objects.filter(call=current).exclude(organisation=None).first()
    factories.user("applicant_admin", role="org_admin", scope=waiting.organisation)
    return {
        "waiting": waiting,
        "unmet": Milestone.objects.filter(met_on=None).first(),
        "base": Base.objects.get(),
        "past": past,
        "current": current,
        "application": Application.objects.filter(call=past, organisation=None).order_by("rank")[0],
        "occupancy": Occupancy.objects.filter(ends_on=None).first(),
        "late": AnnualReport.objects.get(is_late=True),
        "draft": draft,
        "own": AnnualReport.objects.filter(organisation=supplier).first(),
        "audit": audit,
        "overdue": RequiredAction.objects.get(done_on=None),
    }


def test_the_incubation_and_audits_pages_at_two_widths_in_two_languages(
    chromium_path,  # noqa: F811
    live_server,
    flushable_audit,
    reference_data,
    world,
):
    w = world
    officer_pages = {
        "base": reverse("incubation:base_detail", args=[w["base"].pk]),
        "bases": reverse("incubation:base_list"),
        "call": reverse("incubation:call_detail", args=[w["past"].pk]),
        "decide": reverse("incubation:call_decide", args=[w["current"].pk]),
        "application": reverse("incubation:application_detail", args=[w["application"].pk]),
        "applications": reverse("incubation:application_list"),
        "occupancy": reverse("incubation:occupancy_detail", args=[w["occupancy"].pk]),
        "apply": reverse("incubation:application_add"),
        "meet": reverse("incubation:milestone_meet", args=[w["unmet"].pk]),
        "reports": reverse("audits:annualreport_list"),
        "late-report": reverse("audits:annualreport_detail", args=[w["late"].pk]),
        "late-reports": reverse("audits:late_reports"),
        "audit": reverse("audits:audit_detail", args=[w["audit"].pk]),
        "overdue-action": reverse("audits:requiredaction_detail", args=[w["overdue"].pk]),
        "actions": reverse("audits:requiredaction_list"),
    }
    draft_pages = {
        "draft": reverse("audits:annualreport_detail", args=[w["draft"].pk]),
        "values": reverse("audits:annualreport_values", args=[w["draft"].pk]),
    }
    supplier_pages = {
        "own-report": reverse("audits:annualreport_detail", args=[w["own"].pk]),
        "own-audit": reverse("audits:audit_detail", args=[w["audit"].pk]),
        "done": reverse("audits:requiredaction_done", args=[w["overdue"].pk]),
    }
    # Issue 15: the applicant's administrator sees "Withdraw the application" and confirms it.
    applicant_pages = {
        "own-application": reverse("incubation:application_detail", args=[w["waiting"].pk]),
        "withdraw": reverse("incubation:application_withdraw", args=[w["waiting"].pk]),
    }
    failures = tour(
        chromium_path,
        live_server.url,
        "i",
        (
            ("luohu_officer", officer_pages),
            ("applicant_admin", applicant_pages),
            ("draft_admin", draft_pages),
            ("supplier_admin", supplier_pages),
        ),
        ENGLISH,
    )
    assert failures == {}
