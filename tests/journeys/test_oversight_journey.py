"""Issue 15, "Done when", as new users would try it, through the pages (the real forms, the
redirects and the messages) and the API, on the days the acts happen (a frozen clock,
Asia/Shanghai days):

1. ORG-3, GOV-2: the city's officer sets up a field department's coordinating committee; an
   organisation applies for grading, assesses itself and submits; the committee is named the
   evaluator body, one member stands aside (a recusal), the two others score; the grade
   published is 4A and shows in the eligibility of the organisation's bids: a 4A tender takes
   it, a 5A tender of another buyer gives the reason with the grade held;
2. FIN-5: the city draws the year's evaluation visits (10 running contracts in Futian, 1 in
   Luohu: 3 and 1 needed), the visits are planned and recorded and the dashboard counts them
   against the 30 % rule (2 of 10 is short, 3 of 10 meets it);
3. FIN-5, FIN-3: a final evaluation on its last allowed day rates a contract "not competent";
   the supplier's next bid on that buyer's tender is invalid with the bar's reason, while
   another buyer's tender takes it;
4. ORG-5: an inspection finds a violation, a case is decided with a rectification order, the
   order goes overdue and is flagged (sanction page, the sanctions list's filter and the
   oversight statistics); the sanction shows on the public portal while in force and is gone
   the day after it is put right (Asia/Shanghai midnight);
5. ORG-4: an incubation call with priority rules: the later applicant serving a pilot field is
   admitted before the earlier one that does not.

Who covers which clause: the docstring of each test."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shegong.accounts.models import Membership
from shegong.core.services import create_record, update_record
from shegong.core.testing import factories
from shegong.core.testing.clock import frozen_clock
from shegong.grading.models import Application, GradingCycle, Indicator, IndicatorSystem
from shegong.incubation.models import Application as IncubationApplication
from shegong.incubation.models import Base, Call
from shegong.inspections.models import Case, Decision, Inspection, Sanction
from shegong.organisations.models import Organisation, ServiceField
from shegong.oversight.models import Evaluation, EvaluatorAssignment, Visit, VisitDraw
from shegong.oversight.tests import data as oversight_data
from shegong.procurement import services as procurement
from shegong.procurement.models import Bid, Contract, Procurement, TenderBar
from shegong.procurement.tests.data import criteria, item

pytestmark = pytest.mark.django_db

# The oversight tests' world: Futian and Luohu, an organisation in each, a running contract of
# each district (1 April 2026 to 31 March 2027), officers, evaluators.
world = oversight_data.world
cworld = oversight_data.cworld
oworld = oversight_data.oworld


# --- Helpers: a person at the keyboard --------------------------------------------------------


def _post(client, url, data, *, message=""):
    """Post the form as a browser does, follow the redirect, and read the page shown (with its
    success ``message``); a form sent back with errors fails the test with its page."""
    response = client.post(url, data, follow=True)
    page = response.content.decode()
    form = (response.context or {}).get("form")
    errors = form.errors if form is not None else page[:4000]
    assert response.status_code == 200 and response.redirect_chain, errors
    if message:
        assert message in page, page[:4000]
    return response, page


def _refused(client, url, data) -> str:
    """Post the form; it is shown again (200, no redirect) with its error."""
    response = client.post(url, data)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _api(client, method, url, data=None, status=200):
    response = getattr(client, method)(url, data or {}, content_type="application/json")
    assert response.status_code == status, response.content.decode()[:2000]
    return response.json()


def _since_2020() -> None:
    """Every membership in force from 2020 (the factories start them on the real today; the
    journey's clock goes back to 2026's spring). Seeding, not an act of the journey."""
    Membership.objects.update(valid_from=date(2020, 1, 1))


def _proposal() -> SimpleUploadedFile:
    return SimpleUploadedFile("投标文件.pdf", b"%PDF-1.4 proposal", "application/pdf")


def _open_tender(officer, plan, title, minimum_grade="", on=date(2026, 4, 1)) -> Procurement:
    """An open tender of ``plan``'s district published on ``on``, bids until 25 days later."""
    tender = procurement.create_procurement(
        officer,
        Procurement,
        {
            "plan_item": item(plan),
            "title": title,
            "bid_deadline": on + timedelta(days=25),
            "opening_time": "09:30",
            "minimum_grade": minimum_grade,
        },
    )
    criteria(tender)
    return procurement.publish(officer, tender, on=on)


def _bid_on_the_page(client, tender, organisation, chinese=False) -> tuple[Bid, str]:
    """The organisation's administrator (logged in) submits a bid on the tender's page and
    reads the bid's page."""
    page = client.get(tender.get_absolute_url()).content.decode()
    assert ("提交投标" if chinese else "Submit a bid") in page
    _post(
        client,
        reverse("procurement:bid_submit", args=[tender.pk]),
        {"organisation": organisation.pk, "price": "180000.00", "proposal": _proposal()},
        message="已提交投标" if chinese else "Bid submitted",
    )
    bid = Bid.objects.get(procurement=tender, organisation=organisation)
    return bid, client.get(bid.get_absolute_url()).content.decode()


# --- 1. Grading by a committee with one recusal; the grade in a tender's eligibility -----------


def test_grading_by_a_committee_with_a_recusal_gives_4a_and_the_grade_counts_in_tenders(
    client, oworld, english
):
    """ORG-3 (apply after two full years, self-assessment, scoring, bands, publication, the
    grade in force read by the tenders' eligibility) and GOV-2 (a field department's
    committee named as the evaluator body, with a recusal kept with its reason)."""
    w = oworld
    tree = w["tree"]
    org_a, org_b = w["org_futian"], w["org_luohu"]
    update_record(None, org_a, {"registered_on": date(2024, 3, 1)}, permission=None)
    update_record(None, org_b, {"registered_on": date(2024, 4, 2)}, permission=None)
    city = factories.user("city_grader", role="city_officer", scope=tree["city"])
    admin_a = w["futian_admin"]
    admin_b = w["org_admin"]  # Luohu's organisation administrator
    chair, member, tied = (
        factories.user(n, home=tree["city"]) for n in ("委员甲", "委员乙", "委员丙")
    )
    department = create_record(
        None,
        Organisation,
        {
            "name": "市民政局",
            "credit_code": factories.credit_code(),
            "kind": "government_body",
            "area": tree["city"],
        },
    )
    system = IndicatorSystem.objects.get(name__startswith="社会工作服务机构评估指标")
    cycle = create_record(
        None,
        GradingCycle,
        {
            "year": 2026,
            "opens_on": date(2026, 1, 1),
            "closes_on": date(2026, 12, 31),
            "system": system,
        },
    )
    indicators = list(Indicator.objects.filter(group__system=system).order_by("group__order"))
    _since_2020()
    assert sum(i.max_points for i in indicators) == 1000

    with frozen_clock(date(2026, 4, 1)):
        # The city officer sets up the committee (GOV-2) on the pages.
        client.force_login(city)
        fields = ServiceField.objects.order_by("code")[:2]
        _post(
            client,
            reverse("governance:committee_add"),
            {
                "name": "民政领域协调委员会",
                "department": department.pk,
                "service_fields": [f.pk for f in fields],
                "organisations": [org_a.pk],
                "is_active": "on",
            },
        )
        committee = department.committees.get()
        for user, role in ((chair, "chair"), (member, "member"), (tied, "member")):
            _post(
                client,
                reverse("governance:committeemember_add"),
                {"committee": committee.pk, "user": user.pk, "role": role, "is_active": "on"},
            )
        page = client.get(committee.get_absolute_url()).content.decode()
        assert "委员甲" in page and "委员丙" in page and "福田社工服务中心" in page

        # Luohu's organisation, registered two years ago less a day, is refused (API).
        refused = _api(
            client.force_login(admin_b) or client,
            "post",
            reverse("api:gradingapplication-apply"),
            {"cycle": cycle.pk, "organisation": org_b.pk},
            status=400,
        )
        assert "it may apply from 2026-04-02, after 2 full years registered." in str(refused)

        # Futian's organisation applies, assesses itself and submits (pages).
        client.force_login(admin_a)
        _, page = _post(
            client,
            reverse("grading:cycle_apply", args=[cycle.pk]),
            {"organisation": org_a.pk},
            message="Application made",
        )
        application = Application.objects.get(organisation=org_a)
        assert "Next: claim points on every indicator with your evidence, then submit." in page
        claims = {f"points_{i.pk}": i.max_points for i in indicators}
        claims |= {f"text_{i.pk}": "年检报告、制度汇编" for i in indicators}
        _post(
            client,
            reverse("grading:application_self_assess", args=[application.pk]),
            claims,
            message="Self-assessment saved",
        )
        _post(
            client,
            reverse("grading:application_submit", args=[application.pk]),
            {"reason": ""},
            message="Self-assessment submitted",
        )

        # The city names the committee as the evaluator body.
        client.force_login(city)
        _post(
            client,
            reverse("grading:application_assign", args=[application.pk]),
            {"committee": committee.pk, "reason": ""},
            message="Evaluators assigned",
        )
        assert application.assignments.filter(status="active").count() == 3

        # One member stands aside: the director of the organisation's board is their spouse.
        client.force_login(tied)
        own = application.assignments.get(evaluator=tied)
        _post(
            client,
            reverse("grading:assignment_recuse", args=[own.pk]),
            {"reason": "配偶任该机构理事长"},
            message="Recusal recorded",
        )
        assert client.get(application.get_absolute_url()).status_code == 404

        # The two others score: C1 (200 points) given 50 and 70, everything else in full.
        c1 = next(i for i in indicators if i.code == "C1")
        for user, c1_points in ((chair, "50"), (member, "70")):
            client.force_login(user)
            assignment = application.assignments.get(evaluator=user)
            scores = {f"points_{i.pk}": i.max_points for i in indicators}
            scores[f"points_{c1.pk}"] = c1_points
            scores["final"] = "on"
            _post(
                client,
                reverse("grading:assignment_score", args=[assignment.pk]),
                scores,
                message="Scores saved",
            )

        # The city publishes: 800 + 60 = 860.00 points, 4A (4A from 800, 5A from 900).
        client.force_login(city)
        page = client.get(application.get_absolute_url()).content.decode()
        assert "配偶任该机构理事长" in page  # the recusal with its reason
        _post(
            client,
            reverse("grading:application_publish", args=[application.pk]),
            {"reason": ""},
            message="Grade published",
        )
        application.refresh_from_db()
        assert (application.total, application.grade) == (Decimal("860.00"), "4A")

        # The organisation reads its grade, page and API; not the evaluators' scores.
        client.force_login(admin_a)
        page = client.get(reverse("organisations:organisation_detail", args=[org_a.pk]))
        assert "4A (valid until 2031-03-31)" in page.content.decode()
        grades = _api(client, "get", reverse("api:organisationgrade-list"))["results"]
        assert [(g["grade"], g["valid_until"]) for g in grades] == [("4A", "2031-03-31")]
        assert _api(client, "get", reverse("api:gradingscore-list"))["results"] == []

        # Two tenders published today: Futian's asks for 4A, Luohu's for 5A.
        futian_tender = _open_tender(w["officer"], w["plan_futian"], "福田长者服务项目", "4A")
        luohu_tender = _open_tender(w["luohu_officer"], w["plan_luohu"], "罗湖长者服务项目", "5A")

    with frozen_clock(datetime(2026, 4, 20, 10, 0)):
        client.force_login(admin_a)
        bid, page = _bid_on_the_page(client, futian_tender, org_a)
        assert bid.status == "submitted" and "Reasons it is not eligible" not in page
        bid, page = _bid_on_the_page(client, luohu_tender, org_a)
        assert bid.status == "invalid"
        assert (
            "The procurement asks for grade 5A or better; the organisation holds 4A (valid "
            "until 2031-03-31)." in page
        )
        api = _api(client, "get", f"/api/v1/bids/{bid.pk}/")
        assert api["status"] == "invalid" and "holds 4A" in str(api["problems"])


# --- 2. The year's visits drawn and made: 30 % of the running contracts -----------------------


def _more_contracts(model, n: int, prefix: str) -> None:
    """``n`` running contracts like ``model`` (same buyer, supplier and term): the draw and
    the dashboard read only their buyer and dates. Seeding."""
    Contract.objects.bulk_create(
        Contract(
            procurement=model.procurement,
            buyer=model.buyer,
            supplier=model.supplier,
            number=f"{prefix}-{i:03d}",
            title="社工岗位购买合同",
            signed_on=model.signed_on,
            starts_on=model.starts_on,
            ends_on=model.ends_on,
            value=Decimal("60000.00"),
        )
        for i in range(n)
    )


def _visits_row(client, label):
    board = client.get(reverse("oversight:dashboard"), {"year": 2026}).context["board"]
    row = next(r for r in board["rows"] if r.label == label)
    return row.running, row.needed, row.drawn, row.done


def test_the_years_visits_are_drawn_and_cover_30_percent_of_the_contracts(client, oworld, english):
    """FIN-5: the draw of the year's evaluation visits (30 % of each district's running
    contracts, rounded up, seed kept), the visits planned and recorded, and the dashboard
    against the 30 % rule: 2 of 10 is short by one, 3 of 10 (30 %) meets it."""
    w = oworld
    tree = w["tree"]
    _more_contracts(w["contract_futian"], 9, "FT")  # Futian: 10 running, Luohu: 1
    _since_2020()
    with frozen_clock(date(2026, 12, 10)):
        client.force_login(w["city_admin"])
        page = client.get(reverse("oversight:visitdraw_draw")).content.decode()
        assert "At least 30 % of each district&#x27;s contracts running a year or more" in page
        _, page = _post(
            client,
            reverse("oversight:visitdraw_draw"),
            {"area": tree["city"].pk, "year": 2026, "seed": "深圳2026"},
            message="Sample drawn",
        )
        draw = VisitDraw.objects.get()
        assert (draw.running, draw.drawn, draw.seed) == (11, 4, "深圳2026")
        assert _visits_row(client, "福田区") == (10, 3, 3, 0)
        assert _visits_row(client, "罗湖区") == (1, 1, 1, 0)
        page = client.get(reverse("oversight:dashboard"), {"year": 2026}).content.decode()
        assert "3 visits needed" in page

        # Futian's officer reads its district's three drawn contracts (API) and plans their
        # visits in the city's draw (which it may not open: the weights of every district).
        client.force_login(w["officer"])
        entries = _api(client, "get", reverse("api:drawentry-list"), {"chosen": "true"})
        chosen = [e["contract"] for e in entries["results"] if e["chosen"]]
        assert len(chosen) == 3
        assert {e["district"] for e in entries["results"]} == {tree["futian"].pk}
        assert client.get(draw.get_absolute_url()).status_code == 404
        not_drawn = next(
            c.pk for c in Contract.objects.filter(buyer=tree["futian"]) if c.pk not in chosen
        )
        page = _refused(
            client,
            reverse("oversight:visit_add"),
            {
                "contract": not_drawn,
                "draw": draw.pk,
                "kind": "announced",
                "planned_on": "2026-12-10",
                "lead_evaluator": w["evaluator"].pk,
            },
        )
        assert "The contract was not drawn in this sample." in page
        for n, contract in enumerate(chosen):
            _post(
                client,
                reverse("oversight:visit_add"),
                {
                    "contract": contract,
                    "draw": draw.pk,
                    "kind": "unannounced" if n == 0 else "announced",
                    "planned_on": "2026-12-10",
                    "lead_evaluator": w["evaluator"].pk,
                },
            )
        visits = list(Visit.objects.order_by("pk"))
        assert [(v.contract_id, v.draw_id) for v in visits] == [(c, draw.pk) for c in chosen]

        # The evaluator records two visits: the district is one short of 30 %.
        client.force_login(w["evaluator"])
        for visit in visits[:2]:
            _post(
                client,
                reverse("oversight:visit_record", args=[visit.pk]),
                {"visited_on": "2026-12-10", "findings": "服务台账完整", "notes": "督导记录偏少"},
                message="Visit recorded",
            )
        client.force_login(w["city_admin"])
        assert _visits_row(client, "福田区") == (10, 3, 3, 2)
        page = client.get(reverse("oversight:dashboard"), {"year": 2026}).content.decode()
        assert "1 visit needed" in page

        # The third: 3 of 10, 30 %, the rule met.
        client.force_login(w["evaluator"])
        _post(
            client,
            reverse("oversight:visit_record", args=[visits[2].pk]),
            {"visited_on": "2026-12-10", "findings": "服务对象满意度高", "notes": ""},
            message="Visit recorded",
        )
        client.force_login(w["city_admin"])
        assert _visits_row(client, "福田区") == (10, 3, 3, 3)
        # the supplier reads the findings, never the evaluators' notes
        client.force_login(w["futian_admin"])
        page = client.get(visits[0].get_absolute_url()).content.decode()
        assert "服务台账完整" in page and "督导记录偏少" not in page


# --- 3. "Not competent": refused on that buyer's next tender, with the reason ------------------


def test_a_not_competent_final_evaluation_bars_the_supplier_from_that_buyers_tenders(
    client, oworld, english
):
    """FIN-5 (final evaluation at least a month before the end, by evaluators, the rating from
    the bands), FIN-3 with ORG-5's bar: the supplier's next bid on the buyer's tender is invalid
    with the reason (in Chinese), its bid on another buyer's tender is not; the bar ends at
    midnight after its last day, Asia/Shanghai."""
    w = oworld
    contract = w["contract_futian"]  # Futian buys from its organisation, ends 2027-03-31
    _since_2020()
    with frozen_clock(date(2027, 2, 1)):
        client.force_login(w["officer"])
        data = {
            "contract": contract.pk,
            "stage": "final",
            "held_on": "2027-03-01",
            "evaluators": [w["evaluator"].pk, w["evaluator2"].pk],
            "reason": "",
        }
        page = _refused(client, reverse("oversight:evaluation_add"), data)
        assert (
            "The final evaluation must be held at least one month before the contract ends on "
            "2027-03-31: 2027-02-28 at the latest." in page
        )
        data["held_on"] = "2027-02-28"  # the last allowed day
        _post(client, reverse("oversight:evaluation_add"), data)
        final = Evaluation.objects.get(contract=contract, stage="final")

    with frozen_clock(date(2027, 2, 28)):
        for user, score in ((w["evaluator"], "50"), (w["evaluator2"], "52")):
            client.force_login(user)
            mine = EvaluatorAssignment.objects.get(evaluation=final, evaluator=user)
            _post(
                client,
                reverse("oversight:evaluatorassignment_score", args=[mine.pk]),
                {"score": score, "notes": "服务记录缺失，未达合同约定"},
                message="Scored",
            )
    # The officer rates in Chinese, the platform's language: the bar's reason is kept so.
    client.cookies["django_language"] = "zh-hans"
    with frozen_clock(date(2027, 3, 1)):
        client.force_login(w["officer"])
        _, page = _post(
            client,
            reverse("oversight:evaluation_rate", args=[final.pk]),
            {"rated_on": "2027-03-01", "reason": ""},
            message="已评定",
        )
        final.refresh_from_db()
        assert (final.score, final.rating) == (Decimal("51.00"), "not_competent")
        assert "不合格" in page
        bar = TenderBar.objects.get()
        assert (bar.organisation, bar.buyer, bar.starts, bar.ends) == (
            w["org_futian"],
            w["tree"]["futian"],
            date(2027, 3, 1),
            date(2028, 2, 29),  # a year less a day, 2028 a leap year
        )
        assert bar.reason == "2027-02-28末期评估：得分51.00：不合格。"
        futian_next = _open_tender(
            w["officer"], w["plan_futian"], "福田社区服务项目", on=date(2027, 3, 2)
        )
        luohu_next = _open_tender(
            w["luohu_officer"], w["plan_luohu"], "罗湖社区服务项目", on=date(2027, 3, 2)
        )
    with frozen_clock(datetime(2027, 3, 10, 10, 0)):
        client.force_login(w["futian_admin"])
        bid, page = _bid_on_the_page(client, futian_next, w["org_futian"], chinese=True)
        assert bid.status == "invalid"
        assert "资格不符原因" in page
        assert (
            "该组织被禁止参与福田区的政府购买服务至2028-02-29（含当日）："
            "2027-02-28末期评估：得分51.00：不合格。" in page
        )
        api = _api(client, "get", f"/api/v1/bids/{bid.pk}/")
        assert api["status"] == "invalid" and "2028-02-29" in str(api["problems"])
        # the same organisation bids with another buyer: eligible
        other, page = _bid_on_the_page(client, luohu_next, w["org_futian"], chinese=True)
        assert other.status == "submitted" and "资格不符原因" not in page

    # The bar ends at midnight after its last day, Asia/Shanghai: a bid at 23:59 on 29 February
    # 2028 is still refused; replaced at 00:00 on 1 March (16:00 UTC) it is eligible.
    del client.cookies["django_language"]
    with frozen_clock(date(2028, 2, 20)):
        last_tender = _open_tender(
            w["officer"], w["plan_futian"], "福田长者服务项目（2028）", on=date(2028, 2, 20)
        )
    with frozen_clock(datetime(2028, 2, 29, 15, 59, tzinfo=UTC)):
        client.force_login(w["futian_admin"])
        late, page = _bid_on_the_page(client, last_tender, w["org_futian"])
        assert late.status == "invalid" and "until 2028-02-29 inclusive" in page
    with frozen_clock(datetime(2028, 2, 29, 16, 0, tzinfo=UTC)):
        _, page = _post(
            client,
            reverse("procurement:bid_replace", args=[late.pk]),
            {"price": "175000.00"},
            message="Bid replaced",
        )
        late.refresh_from_db()
        assert late.status == "submitted" and late.problem_list == []
        assert "Reasons it is not eligible" not in page


# --- 4. An inspection, a violation, an overdue rectification order, the public notice ---------


def test_an_inspection_finds_a_violation_and_the_overdue_rectification_order_is_flagged(
    client, oworld, english
):
    """ORG-5: inspection planned and done, a violation found, a case opened by one district
    official and decided by another with a rectification order; overdue the day after its
    deadline (flagged on its page, in the sanctions list and the oversight statistics); on the
    portal while in force, gone at midnight (Asia/Shanghai) after the day it is put right. The
    other district's organisation is never on the notice."""
    w = oworld
    futian = w["tree"]["futian"]
    org = w["org_futian"]
    inspector_a = factories.user("inspector_a", role="field_officer", scope=futian)
    inspector_b = factories.user("inspector_b", role="field_officer", scope=futian)
    head = factories.user("futian_head", role="district_officer", scope=futian)
    _since_2020()
    with frozen_clock(date(2026, 2, 1)):
        client.force_login(w["officer"])
        _post(
            client,
            reverse("inspections:inspection_add"),
            {
                "organisation": org.pk,
                "origin": "planned",
                "scheduled_on": "2026-02-01",
                "scope": "项目资金使用与服务台账",
                "lead_inspector": inspector_a.pk,
                "second_inspector": inspector_b.pk,
            },
        )
        inspection = Inspection.objects.get(organisation=org)
        client.force_login(inspector_a)
        _post(
            client,
            f"{reverse('inspections:finding_add')}?inspection={inspection.pk}",
            {
                "inspection": inspection.pk,
                "text": "购买服务资金用于机构日常开支",
                "is_violation": "on",
            },
        )
        _post(
            client,
            reverse("inspections:inspection_complete", args=[inspection.pk]),
            {"done_on": "2026-02-01", "summary": "发现一项违规"},
            message="Inspection done",
        )
        finding = inspection.findings.get()
        assert finding.is_violation

    with frozen_clock(date(2026, 3, 2)):
        client.force_login(w["officer"])
        _post(
            client,
            f"{reverse('inspections:case_add')}?finding={finding.pk}",
            {
                "organisation": org.pk,
                "kind": "misuse_of_funds",
                "finding": finding.pk,
                "opened_on": "2026-02-10",
                "facts": "挪用项目资金12万元",
            },
        )
        case = Case.objects.get(organisation=org)
        # Who opened the case does not decide it (separation of duties, ``Case.workflow``).
        page = client.get(reverse("inspections:case_decide", args=[case.pk]))
        assert page.status_code == 403
        client.force_login(head)
        _post(
            client,
            reverse("inspections:case_decide", args=[case.pk]),
            {"number": "深福民罚〔2026〕7号", "decided_on": "2026-03-02", "grounds": "挪用资金"},
            message="Decision saved",
        )
        decision = Decision.objects.get(case=case)
        _post(
            client,
            f"{reverse('inspections:sanction_add')}?decision={decision.pk}",
            {
                "decision": decision.pk,
                "kind": "rectification",
                "starts": "2026-03-02",
                "deadline": "2026-04-30",
                "requirement": "退回挪用资金并建立专账",
            },
        )
        order = Sanction.objects.get(decision=decision)

    # On its deadline it is not overdue yet; on the portal while in force.
    with frozen_clock(date(2026, 4, 30)):
        client.force_login(w["officer"])
        page = client.get(order.get_absolute_url()).content.decode()
        assert "Overdue" not in page and "In force" in page
        client.logout()
        page = client.get(reverse("portal:sanctions")).content.decode()
        assert "福田社工服务中心" in page and "深福民罚〔2026〕7号" in page
        assert "罗湖社工服务中心" not in page
        assert "挪用资金" not in page  # the grounds are not public

    # The day after, flagged: its page, the list's filter, the oversight statistics.
    with frozen_clock(date(2026, 5, 1)):
        client.force_login(w["officer"])
        page = client.get(order.get_absolute_url()).content.decode()
        assert "Overdue" in page
        assert "The deadline was 2026-04-30; record the rectification when it is put right." in page
        listed = client.get(reverse("inspections:sanction_list"), {"overdue_on": "2026-05-01"})
        assert "福田社工服务中心" in listed.content.decode()
        api = _api(client, "get", "/api/v1/sanctions/", {"overdue_on": "2026-05-01"})
        assert [row["id"] for row in api["results"]] == [order.pk]
        stats = client.get("/statistics/oversight/", {"year": 2026}).content.decode()
        assert "Rectification orders overdue" in stats
        assert "overdue_on=2026-05-01" in stats

    # Put right on 2 June: on the notice to 1 June 23:59 in Shanghai, gone at midnight.
    with frozen_clock(date(2026, 6, 2)):
        client.force_login(w["officer"])
        _post(
            client,
            reverse("inspections:sanction_rectify", args=[order.pk]),
            {"rectified_on": "2026-06-02", "evidence": "资金已退回，专账已建立"},
            message="Rectification recorded",
        )
    client.logout()
    with frozen_clock(datetime(2026, 6, 1, 15, 59, tzinfo=UTC)):
        assert "福田社工服务中心" in client.get(reverse("portal:sanctions")).content.decode()
    with frozen_clock(datetime(2026, 6, 1, 16, 0, tzinfo=UTC)):
        page = client.get(reverse("portal:sanctions")).content.decode()
        assert "福田社工服务中心" not in page and "No sanction is in force today." in page


# --- 5. Incubation: admitted by the priority rules --------------------------------------------


def test_an_incubation_applicant_is_admitted_by_the_priority_rules(client, oworld, english):
    """ORG-4: a base, a place, a priority rule (pilot fields first: data), a call; two
    organisations apply on the form; the call decided on its page: the later applicant serving
    a pilot field is admitted, the earlier one refused with its rank; another district sees
    nothing."""
    w = oworld
    tree = w["tree"]
    futian = tree["futian"]
    early = factories.organisation(futian, "福田老牌社工机构")
    late = factories.organisation(futian, "福田新兴社工机构")
    update_record(None, early, {"registered_on": date(2010, 1, 1)}, permission=None)
    update_record(None, late, {"registered_on": date(2025, 1, 1)}, permission=None)
    early.service_fields.set([ServiceField.objects.get(code="04")])
    late.service_fields.set([ServiceField.objects.get(code="01")])
    admin_early = factories.user("admin_early", role="org_admin", scope=early)
    admin_late = factories.user("admin_late", role="org_admin", scope=late)
    _since_2020()
    with frozen_clock(date(2026, 2, 20)):
        client.force_login(w["officer"])
        _post(
            client,
            reverse("incubation:base_add"),
            {"name": "福田区社会组织孵化基地", "area": futian.pk, "is_active": "on"},
        )
        base = Base.objects.get(name="福田区社会组织孵化基地")
        _post(
            client,
            reverse("incubation:place_add"),
            {"base": base.pk, "code": "A01", "kind": "desk", "capacity": 1, "is_active": "on"},
        )
        _post(
            client,
            reverse("incubation:priorityrule_add"),
            {
                "base": base.pk,
                "name": "试点领域优先",
                "condition": "pilot_field",
                "points": 20,
                "is_active": "on",
            },
        )
        _post(
            client,
            reverse("incubation:call_add"),
            {
                "base": base.pk,
                "title": "福田基地2026年春季入驻招募",
                "opens_on": "2026-03-01",
                "closes_on": "2026-03-31",
                "places_offered": 1,
                "incubation_starts_on": "2026-05-01",
            },
        )
        call = Call.objects.get(base=base)

    for admin, org, day in ((admin_early, early, 2), (admin_late, late, 3)):
        with frozen_clock(datetime(2026, 3, day, 10, 0)):
            client.force_login(admin)
            _post(
                client,
                reverse("incubation:application_add"),
                {
                    "call": call.pk,
                    "organisation": org.pk,
                    "contact_person": "王明",
                    "contact_phone": "13800138000",
                    "plan": "入驻一年，完成两个社区项目",
                },
            )

    with frozen_clock(date(2026, 4, 1)):
        client.force_login(w["luohu_officer"])
        assert client.get(call.get_absolute_url()).status_code == 404
        client.force_login(w["officer"])
        _post(
            client,
            reverse("incubation:call_decide", args=[call.pk]),
            {"reason": "按优先规则评审"},
            message="Decided",
        )
        rows = _api(client, "get", "/api/v1/incubation/applications/", {"call": call.pk})
        found = {r["organisation"]: (r["score"], r["status"]) for r in rows["results"]}
        assert found == {late.pk: (20, "admitted"), early.pk: (0, "refused")}
        page = client.get(call.get_absolute_url()).content.decode()
        assert "福田新兴社工机构" in page and "Admitted" in page and "Refused" in page
        client.force_login(admin_late)
        mine = IncubationApplication.objects.get(organisation=late)
        page = client.get(mine.get_absolute_url()).content.decode()
        assert "试点领域优先" in page and "Admitted" in page
        client.force_login(admin_early)
        assert client.get(mine.get_absolute_url()).status_code == 404
