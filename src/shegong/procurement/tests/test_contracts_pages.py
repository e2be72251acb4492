"""The contract pages and API in two districts with two suppliers (FIN-6, FIN-2): the supplier
sees its own contracts and payments, the buyer district its own, the city all, another
organisation nothing; the acts on the pages (sign, pay, refused payment, amend, terminate);
the post's page shows the contract that funds it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from shegong.core.testing import factories
from shegong.procurement import services
from shegong.procurement.models import Contract, Instalment, Payment

from .contract_data import awarded, budget_line, contract_data, cworld
from .data import world

pytestmark = pytest.mark.django_db
__all__ = ["cworld", "world"]


def url(name, obj=None):
    return reverse(f"procurement:{name}", args=[obj.pk] if obj else [])


def signed(w, district):
    org = w[f"org_{district}"]
    officer = w["officer"] if district == "futian" else w["luohu_officer"]
    posts = w["posts_futian"] if district == "futian" else [w["post_luohu"]]
    p = awarded(w, org, district=district)
    c = services.create_contract(
        officer,
        p,
        contract_data(number=f"{district}-1", title=f"{district}合同"),
        [(w[f"line_{district}"], "100000.00")],
        posts,
    )
    first = services.add_instalment(
        officer,
        Instalment,
        {
            "contract": c,
            "number": 1,
            "due_on": date(2026, 4, 1),
            "amount": Decimal("40000.00"),
            "funding": c.lines.get(),
        },
    )
    services.pay_instalment(officer, first, on=date(2026, 4, 2))
    return c


@pytest.fixture
def two(cworld):
    w = cworld
    w["c_futian"], w["c_luohu"] = signed(w, "futian"), signed(w, "luohu")
    w["futian_org_admin"] = factories.user("futian_org", role="org_admin", scope=w["org_futian"])
    other = factories.organisation(w["tree"]["futian"], "第三家机构")
    w["other_org_admin"] = factories.user("other_org", role="org_admin", scope=other)
    return w


# Columns: contracts listed, Futian's page, Luohu's page, API contracts, API payments.
EXPECTED = {
    "officer": ({"futian合同"}, 200, 404, 1, 1),
    "luohu_officer": ({"luohu合同"}, 404, 200, 1, 1),
    "city_officer": ({"futian合同", "luohu合同"}, 200, 200, 2, 2),
    "org_admin": ({"luohu合同"}, 404, 200, 1, 1),  # Luohu's supplier
    "futian_org_admin": ({"futian合同"}, 200, 404, 1, 1),
    "other_org_admin": (set(), 404, 404, 0, 0),
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_who_sees_which_contract_and_payment(client, two, who):
    titles, futian, luohu, api_contracts, api_payments = EXPECTED[who]
    client.force_login(two[who])
    page = client.get(url("contract_list"))
    assert page.status_code == 200
    assert {t for t in ("futian合同", "luohu合同") if t in page.content.decode()} == titles
    assert client.get(url("contract_detail", two["c_futian"])).status_code == futian
    assert client.get(url("contract_detail", two["c_luohu"])).status_code == luohu
    assert client.get("/api/v1/contracts/").json()["count"] == api_contracts
    assert client.get("/api/v1/contract-payments/").json()["count"] == api_payments
    payment_page = client.get(url("payment_detail", two["c_futian"].payments.get()))
    assert payment_page.status_code == futian


def test_the_api_gives_money_as_strings_of_two_decimals(client, two):
    client.force_login(two["officer"])
    body = client.get(f"/api/v1/contracts/{two['c_futian'].pk}/").json()
    assert body["value"] == "100000.00"
    assert body["lines"][0]["amount"] == "100000.00"
    assert body["instalments"][0]["amount"] == "40000.00"
    payments = client.get("/api/v1/contract-payments/").json()["results"]
    assert [p["amount"] for p in payments] == ["40000.00"]


def test_the_contract_page_shows_its_parts(client, two):
    client.force_login(two["officer"])
    page = client.get(url("contract_detail", two["c_futian"])).content.decode()
    for text in ("福田社工服务中心", "60,000.00", "40,000.00", two["posts_futian"][0].code):
        assert text in page
    assert url("contract_amend", two["c_futian"]) in page
    client.force_login(two["futian_org_admin"])
    page = client.get(url("contract_detail", two["c_futian"])).content.decode()
    assert url("contract_amend", two["c_futian"]) not in page  # the supplier reads only
    assert client.get(url("contract_amend", two["c_futian"])).status_code == 403


def lines(*pairs) -> dict:
    """The funding lines formset's fields for ``(budget line, amount)`` pairs."""
    data = {"lines-TOTAL_FORMS": str(len(pairs)), "lines-INITIAL_FORMS": "0"}
    for i, (line, amount) in enumerate(pairs):
        data.update({f"lines-{i}-line": line.pk, f"lines-{i}-amount": amount})
    return data


def test_sign_a_contract_on_the_page(client, cworld):
    w = cworld
    p = awarded(w, w["org_futian"])
    client.force_login(w["officer"])
    detail = client.get(url("procurement_detail", p)).content.decode()
    assert url("procurement_contract", p) in detail
    form = {
        "number": "FT-PAGE-1",
        "title": "岗位合同",
        "signed_on": "2026-04-13",  # day 31 after the award of 13 March
        "starts_on": "2026-04-15",
        "ends_on": "2027-04-14",
        "posts": [x.pk for x in w["posts_futian"]],
        **lines((w["line_futian"], "120000.00")),
    }
    refused = client.post(url("procurement_contract", p), form)
    assert refused.status_code == 200
    assert "by 2026-04-12 at the latest" in refused.content.decode()
    assert not Contract.objects.exists()
    form["signed_on"] = "2026-04-12"
    done = client.post(url("procurement_contract", p), form)
    c = Contract.objects.get()
    assert done.status_code == 302 and done["Location"] == c.get_absolute_url()
    assert c.value == Decimal("120000.00")


def test_pay_on_the_page_refused_until_the_condition_is_met(client, two):
    w = two
    c = w["c_futian"]
    second = services.add_instalment(
        w["officer"],
        Instalment,
        {
            "contract": c,
            "number": 2,
            "due_on": date(2026, 10, 1),
            "amount": Decimal("60000.00"),
            "funding": c.lines.get(),
            "condition": "mid_term_evaluation",
        },
    )
    client.force_login(w["officer"])
    refused = client.post(url("instalment_pay", second), {"reason": ""})
    assert refused.status_code == 200
    assert "paid only once its condition is met" in refused.content.decode()
    met = client.post(
        url("instalment_condition", second), {"met": "on", "evidence": "中期评估通过"}
    )
    assert met.status_code == 302
    paid = client.post(url("instalment_pay", second), {"reason": ""})
    assert paid.status_code == 302
    assert Payment.objects.get(instalment=second).paid_on == timezone.localdate()


def test_amend_and_terminate_on_the_pages(client, two):
    w = two
    c = w["c_futian"]
    client.force_login(w["officer"])
    amended = client.post(
        url("contract_amend", c),
        {"line": w["line_futian"].pk, "amount": "150000.00", "reason": "增加服务"},
    )
    assert amended.status_code == 302
    c.refresh_from_db()
    assert c.value == Decimal("150000.00")
    ended = client.post(url("contract_terminate", c), {"reason": "提前终止"})
    assert ended.status_code == 302
    c.refresh_from_db()
    assert c.status == "terminated"


def test_the_post_page_says_which_contract_funds_it(client, two):
    post = two["posts_futian"][0]
    client.force_login(two["officer"])
    page = client.get(reverse("workforce:post_detail", args=[post.pk])).content.decode()
    assert "futian-1 futian合同" in page
    assert two["c_futian"].get_absolute_url() in page
    client.force_login(two["other_org_admin"])  # may not see the contract: no line
    assert (
        "futian合同"
        not in client.get(reverse("workforce:post_detail", args=[post.pk])).content.decode()
    )


def test_the_plan_page_names_the_budget_lines_of_each_item(client, cworld):
    w = cworld
    services.set_plan_lines(w["officer"], w["item_futian"], [w["line_futian"], w["line_city"]])
    client.force_login(w["officer"])
    page = client.get(url("purchaseplan_detail", w["plan_futian"])).content.decode()
    items = page[page.index('id="items"') :]
    assert "2026 福田区2026购买服务" in items and "2026 深圳市2026购买服务" in items
    assert "2026 罗湖区2026购买服务" not in items


def test_a_district_officer_signs_on_the_city_subsidy_their_district_received(client, cworld):
    """FIN-2 (clause 17): the city's special subsidy transferred to Futian for its newly added
    purchases is Futian's money: its officer names the subsidy line on a plan item and commits
    on it by signing a contract on the page; Luohu's officer sees neither the line nor the
    contract; the city's own line stays out of a district officer's reach."""
    from shegong.funding import queries
    from shegong.funding import services as funding
    from shegong.funding.models import BudgetLine

    w = cworld
    tree = w["tree"]
    funding.transfer_city_subsidy(
        w["line_city"],
        tree["futian"],
        Decimal("400000.00"),
        actor=w["city_officer"],
        reason="市级专项补助",
        on=date(2026, 2, 1),
    )
    subsidy = BudgetLine.objects.get(payer=tree["futian"], source="city_subsidy")
    assert queries.of_line(subsidy)["available"] == Decimal("200000.00")  # 50 % of 400,000
    p = awarded(w, w["org_futian"])
    services.set_plan_lines(w["officer"], p.plan_item, [subsidy])
    client.force_login(w["officer"])
    assert client.get(url("procurement_contract", p)).status_code == 200
    lookup = reverse("core:lookup", args=["funding.budgetline"])
    found = client.get(lookup, {"q": subsidy.name[:4]}).json()["results"]
    assert [r["value"] for r in found] == [str(subsidy.pk)]
    done = client.post(
        url("procurement_contract", p),
        {
            "number": "FT-SUB-1",
            "title": "岗位合同（市级补助）",
            "signed_on": "2026-03-20",
            "starts_on": "2026-04-01",
            "ends_on": "2027-03-31",
            "posts": [x.pk for x in w["posts_futian"]],
            **lines((subsidy, "200000.00")),  # exactly what the subsidy left
        },
    )
    c = Contract.objects.get()
    assert done.status_code == 302 and done["Location"] == c.get_absolute_url()
    assert queries.of_line(subsidy)["committed"] == Decimal("200000.00")
    assert queries.of_line(subsidy)["available"] == Decimal("0.00")
    client.force_login(w["luohu_officer"])
    assert client.get(c.get_absolute_url()).status_code == 404
    assert client.get(reverse("funding:budgetline_detail", args=[subsidy.pk])).status_code == 404


def test_a_contract_is_funded_by_as_many_lines_as_it_needs(client, cworld):
    """Defect (issue 14): the form took two funding lines at most; now a formset with "Add a
    funding line", each line once, at least one."""
    w = cworld
    p = awarded(w, w["org_futian"])
    third = budget_line(w["tree"]["futian"], "40000.00", name="福田2026第三批")
    client.force_login(w["officer"])
    page = client.get(url("procurement_contract", p)).content.decode()
    assert page.count('name="lines-0-line"') == 1 and 'name="lines-1-line"' not in page
    form = {
        "number": "FT-PAGE-3",
        "title": "岗位合同",
        "signed_on": "2026-04-01",
        "starts_on": "2026-04-15",
        "ends_on": "2027-04-14",
        "posts": [x.pk for x in w["posts_futian"]],
    }
    # "Add a funding line": the page again, as filled in, with one empty line more.
    more = client.post(
        url("procurement_contract", p),
        {**form, **lines((w["line_futian"], "100000.00")), "add_line": "1"},
    ).content.decode()
    assert 'name="lines-1-line"' in more and 'name="lines-2-line"' not in more
    assert 'value="100000.00"' in more and 'value="FT-PAGE-3"' in more
    assert not Contract.objects.exists()
    # The same line twice is refused next to the line, nothing written.
    twice = client.post(
        url("procurement_contract", p),
        {**form, **lines((w["line_futian"], "1.00"), (w["line_futian"], "2.00"))},
    )
    assert "Each budget line funds a contract once." in twice.content.decode()
    none = client.post(url("procurement_contract", p), {**form, **lines()})
    assert "Please submit at least 1 form." in none.content.decode()
    assert not Contract.objects.exists()
    done = client.post(
        url("procurement_contract", p),
        {
            **form,
            **lines(
                (w["line_futian"], "100000.00"),
                (w["line_futian_b"], "50000.00"),
                (third, "40000.00"),
            ),
        },
    )
    c = Contract.objects.get()
    assert done.status_code == 302
    assert c.value == Decimal("190000.00")
    assert [(cl.line.name, cl.amount) for cl in c.lines.order_by("pk")] == [
        ("福田区2026购买服务", Decimal("100000.00")),
        ("福田2026福彩公益金", Decimal("50000.00")),
        ("福田2026第三批", Decimal("40000.00")),
    ]
