"""The funding pages and API: balances on the list (with the summary by payer and year) and on
a line's page, the allocation and subsidy forms (refusals shown on the form, never a 500), the
create forms, the read-only API with money as decimal strings, and flat query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shegong.core.testing import factories
from shegong.funding import queries, services
from shegong.funding.choices import FundingSource, Movement
from shegong.funding.models import BudgetLine, CatalogueItem, LedgerEntry
from shegong.organisations.models import ServiceField

from . import data

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(tree):
    return factories.user(role="city_officer", scope=tree["city"])


@pytest.fixture
def lines(tree):
    futian = data.line(tree["futian"], "1000.00")
    commitment = services.commit(futian, "600.00", actor=None, reason="contract 7")
    services.pay(commitment, "250.00", actor=None, reason="first quarter")
    return {"futian": futian, "luohu": data.line(tree["luohu"], "500.00")}


def test_the_list_shows_each_lines_balances_and_the_summary(client, officer, lines):
    client.force_login(officer)
    page = client.get(reverse("funding:budgetline_list")).content.decode()
    for text in ("Allocated", "Committed", "Paid", "Available", "Money by payer and year"):
        assert text in page
    # Futian: allocated 1000.00, committed 350.00, paid 250.00, available 400.00
    for amount in ("¥1,000.00", "¥350.00", "¥250.00", "¥400.00", "¥500.00"):
        assert amount in page
    filtered = client.get(reverse("funding:budgetline_list"), {"payer": lines["luohu"].payer_id})
    assert "350.00" not in filtered.content.decode()
    assert filtered.context["summary"] == [
        {
            "year": 2026,
            "payer": "罗湖区",
            "allocated": Decimal("500.00"),
            "transferred": Decimal("0.00"),
            "committed": Decimal("0.00"),
            "paid": Decimal("0.00"),
            "available": Decimal("500.00"),
        }
    ]


def test_the_htmx_list_brings_its_summary(client, officer, lines):
    client.force_login(officer)
    page = client.get(reverse("funding:budgetline_list"), {"year": 2026}, HTTP_HX_REQUEST="true")
    assert 'id="money-summary"' in page.content.decode()
    assert 'hx-swap-oob="true"' in page.content.decode()


def test_a_bad_year_filter_is_a_message_not_a_500(client, officer, lines):
    client.force_login(officer)
    response = client.get(reverse("funding:budgetline_list"), {"year": "abc"})
    assert response.status_code == 200
    assert response.context["summary"] == []


def test_a_lines_page_shows_its_balances_and_ledger(client, officer, lines):
    client.force_login(officer)
    page = client.get(reverse("funding:budgetline_detail", args=[lines["futian"].pk]))
    text = page.content.decode()
    assert "contract 7" in text and "first quarter" in text
    assert [v for _label, v in page.context["balances"]] == [
        "¥1,000.00",
        "¥0.00",
        "¥350.00",
        "¥250.00",
        "¥400.00",
    ]
    assert "Allocate" in text


def test_allocating_through_the_form(client, tree, lines):
    officer = factories.user(role="district_officer", scope=tree["futian"])
    client.force_login(officer)
    url = reverse("funding:budgetline_allocate", args=[lines["futian"].pk])
    refused = client.post(url, {"amount": "0.001", "booked_on": "2026-03-01", "reason": "r"})
    assert refused.status_code == 200
    assert "Ensure that there are no more than 2 decimal places." in refused.content.decode()
    no_reason = client.post(url, {"amount": "10.00", "booked_on": "2026-03-01", "reason": ""})
    assert no_reason.status_code == 200
    done = client.post(url, {"amount": "10.00", "booked_on": "2026-03-01", "reason": "top up"})
    assert done.status_code == 302
    assert queries.of_line(lines["futian"])["allocated"] == Decimal("1010.00")
    entry = LedgerEntry.objects.get(reason="top up")
    assert entry.created_by == officer and entry.kind == Movement.ALLOCATION


def test_transferring_the_subsidy_through_the_form(client, officer, tree):
    city = data.line(tree["city"], "100.00")
    client.force_login(officer)
    url = reverse("funding:budgetline_transfer", args=[city.pk])
    page = client.get(url).content.decode()
    assert "today 50 % (from 2000-01-01)" in page
    form = {"district": tree["luohu"].pk, "booked_on": "2026-03-01", "reason": "2026 subsidy"}
    refused = client.post(url, {**form, "newly_added": "200.02"})
    assert refused.status_code == 200
    assert "The subsidy of 100.01 yuan is more than the 100.00 yuan" in refused.content.decode()
    done = client.post(url, {**form, "newly_added": "200.00"})
    received = BudgetLine.objects.get(source=FundingSource.CITY_SUBSIDY, payer=tree["luohu"])
    assert done.status_code == 302 and done["Location"] == received.get_absolute_url()
    assert queries.of_line(received)["available"] == Decimal("100.00")


def test_creating_a_line_and_a_catalogue_item_through_the_forms(client, tree):
    district_officer = factories.user(role="district_officer", scope=tree["futian"])
    client.force_login(district_officer)
    url = reverse("funding:budgetline_add")
    form = {"year": 2026, "source": "district_budget", "purpose": "purchase", "name": "n"}
    out_of_scope = client.post(url, {**form, "payer": tree["luohu"].pk})
    assert out_of_scope.status_code == 200 and not BudgetLine.objects.exists()
    subsidy = client.post(url, {**form, "payer": tree["futian"].pk, "source": "city_subsidy"})
    assert "opened by a transfer from a city line" in subsidy.content.decode()
    assert client.post(url, {**form, "payer": tree["futian"].pk}).status_code == 302
    assert BudgetLine.objects.get().payer == tree["futian"]
    client.force_login(factories.user(role="city_officer", scope=tree["city"]))
    item = {
        "code": "J1",
        "name": "youth project",
        "service_field": ServiceField.objects.get(code="03").pk,
        "mode": "project",
        "outputs": "",
        "outcomes": "",
        "is_active": "on",
    }
    refused = client.post(reverse("funding:catalogueitem_add"), item)
    assert "states its outputs and outcomes" in refused.content.decode()
    item.update(outputs="60 cases", outcomes="better")
    assert client.post(reverse("funding:catalogueitem_add"), item).status_code == 302
    assert CatalogueItem.objects.get().code == "J1"


def test_the_api_gives_balances_as_decimal_strings(client, officer, lines):
    client.force_login(officer)
    rows = client.get("/api/v1/budget-lines/", {"payer": lines["futian"].payer_id}).json()
    assert rows["count"] == 1
    row = rows["results"][0]
    assert (row["allocated"], row["committed"], row["paid"], row["available"]) == (
        "1000.00",
        "350.00",
        "250.00",
        "400.00",
    )
    one = client.get(f"/api/v1/budget-lines/{lines['luohu'].pk}/").json()
    assert one["available"] == "500.00"
    entries = client.get("/api/v1/ledger-entries/", {"kind": "payment"}).json()
    assert [e["amount"] for e in entries["results"]] == ["250.00"]
    assert client.get("/api/v1/budget-lines/", {"year": "abc"}).status_code == 400
    assert client.post("/api/v1/budget-lines/", {}).status_code == 405


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_list_queries_stay_flat_as_lines_grow(client, officer, tree):
    client.force_login(officer)
    org = factories.organisation(tree["futian"])
    data.line(tree["futian"], "10.00")
    urls = [reverse("funding:budgetline_list"), "/api/v1/budget-lines/", "/api/v1/ledger-entries/"]
    urls.append(reverse("funding:ledgerentry_list"))
    few = [_queries(client, url) for url in urls]
    for n in range(6):
        line = data.line(tree["luohu" if n % 2 else "city"], "10.00")
        services.commit(line, "1.00", actor=None, reason="c")
    data.line(tree["city"], "5.00", purpose="training", recipient=org)
    assert [_queries(client, url) for url in urls] == few


def test_allocating_and_transferring_through_the_api(client, tree, lines):
    futian_officer = factories.user(role="district_officer", scope=tree["futian"])
    client.force_login(futian_officer)
    url = f"/api/v1/budget-lines/{lines['futian'].pk}/allocate/"
    done = client.post(
        url, {"amount": "10.00", "reason": "top up"}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["allocated"] == "1010.00"
    bad = client.post(url, {"amount": "0.001", "reason": "r"}, content_type="application/json")
    assert bad.status_code == 400 and "amount" in bad.json()
    luohu = f"/api/v1/budget-lines/{lines['luohu'].pk}/allocate/"
    assert client.post(luohu, {"amount": "1.00", "reason": "r"}).status_code == 404
    city = data.line(tree["city"], "100.00")
    transfer = f"/api/v1/budget-lines/{city.pk}/transfer/"
    body = {"district": tree["luohu"].pk, "newly_added": "200.02", "reason": "subsidy"}
    assert client.post(transfer, body, content_type="application/json").status_code == 404
    client.force_login(factories.user(role="city_officer", scope=tree["city"]))
    refused = client.post(transfer, body, content_type="application/json")
    assert refused.status_code == 400
    assert "The subsidy of 100.01 yuan is more than the 100.00 yuan" in str(refused.json())
    body["newly_added"] = "200.00"
    done = client.post(transfer, body, content_type="application/json")
    assert done.status_code == 200
    assert (done.json()["source"], done.json()["available"]) == ("city_subsidy", "100.00")
    org = factories.organisation(tree["futian"])
    grant = data.line(tree["city"], "10.00", purpose="training", recipient=org)
    client.force_login(factories.user(role="org_admin", scope=org))
    grant_url = f"/api/v1/budget-lines/{grant.pk}/allocate/"
    forbidden = client.post(grant_url, {"amount": "1.00", "reason": "r"})
    assert forbidden.status_code == 403
    assert queries.of_line(grant)["allocated"] == Decimal("10.00")


def test_the_list_sorts_by_a_balance_and_exports_plain_numbers(client, officer, lines):
    from shegong.funding.tables import BudgetLineTable  # noqa: PLC0415

    client.force_login(officer)
    for sort in ("available", "-paid", "committed", "-allocated"):
        response = client.get(reverse("funding:budgetline_list"), {"sort": sort})
        assert response.status_code == 200
    rows = list(response.context["table"].rows)
    assert [row.record.pk for row in rows] == [lines["futian"].pk, lines["luohu"].pk]
    table = BudgetLineTable(
        BudgetLineTable.prepare(BudgetLine.objects.filter(pk=lines["futian"].pk))
    )
    header, row = list(table.as_values())
    assert header[-4:] == ["Allocated", "Committed", "Paid", "Available"]
    assert row[-4:] == ["1000.00", "350.00", "250.00", "400.00"]
