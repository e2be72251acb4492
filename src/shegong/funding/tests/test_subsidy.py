"""FIN-2 (clause 17): the city's special subsidy to a district is the district's newly added
purchases times the share in force on the date (a dated parameter, 50 % by default), rounded
to the fen half up; it leaves a city line and arrives on the district's line of source "city
special subsidy" (opened on the first transfer, reused after), never beyond what the city line
has available. Two districts; expected values written out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shegong.core import services as core_services
from shegong.core.testing import factories
from shegong.funding import queries, services
from shegong.funding.choices import FundingSource, Movement
from shegong.funding.models import BudgetLine, LedgerEntry
from shegong.funding.parameters import CITY_SUBSIDY_PERCENT

from . import data

pytestmark = pytest.mark.django_db


def subsidy_line(district) -> BudgetLine:
    return BudgetLine.objects.get(payer=district, source=FundingSource.CITY_SUBSIDY)


def test_two_districts_get_half_of_their_newly_added_purchases(tree):
    city = data.line(tree["city"], "5000000.00")
    services.transfer_city_subsidy(
        city, tree["futian"], "2000000.00", actor=None, reason="2026 subsidy", on=data.DAY
    )
    services.transfer_city_subsidy(
        city, tree["luohu"], "1234567.89", actor=None, reason="2026 subsidy", on=data.DAY
    )
    assert queries.of_line(subsidy_line(tree["futian"]))["allocated"] == Decimal("1000000.00")
    # 1,234,567.89 × 50 % = 617,283.945, rounded half up to the fen
    assert queries.of_line(subsidy_line(tree["luohu"]))["allocated"] == Decimal("617283.95")
    city_balances = queries.of_line(city)
    assert city_balances["transferred"] == Decimal("1617283.95")
    assert city_balances["available"] == Decimal("3382716.05")
    assert subsidy_line(tree["futian"]).year == 2026


def test_a_second_transfer_adds_to_the_districts_subsidy_line(tree):
    city = data.line(tree["city"], "5000000.00")
    for amount in ("100000.00", "300000.00"):
        services.transfer_city_subsidy(
            city, tree["futian"], amount, actor=None, reason="subsidy", on=data.DAY
        )
    assert BudgetLine.objects.filter(source=FundingSource.CITY_SUBSIDY).count() == 1
    assert queries.of_line(subsidy_line(tree["futian"]))["allocated"] == Decimal("200000.00")


def test_the_share_in_force_on_the_date_applies_and_is_recorded(tree):
    city = data.line(tree["city"], "5000000.00")
    forty = factories.parameter(CITY_SUBSIDY_PERCENT, "40", date(2027, 1, 1))
    before, _ = services.transfer_city_subsidy(
        city, tree["futian"], "1000000.00", actor=None, reason="s", on=date(2026, 12, 31)
    )
    after, received = services.transfer_city_subsidy(
        city, tree["luohu"], "1000000.00", actor=None, reason="s", on=date(2027, 1, 1)
    )
    assert before.amount == Decimal("500000.00")
    assert before.rule.value == "50"
    assert after.amount == Decimal("400000.00")
    assert after.rule == forty and received.rule == forty
    assert received.counterpart == after
    assert after.newly_added == Decimal("1000000.00")
    assert (after.kind, received.kind) == (Movement.TRANSFER_OUT, Movement.ALLOCATION)


def test_a_subsidy_of_exactly_what_the_city_line_has_left_passes_one_fen_more_does_not(tree):
    city = data.line(tree["city"], "100.00")
    with pytest.raises(ValidationError) as refused:
        services.transfer_city_subsidy(
            city, tree["futian"], "200.02", actor=None, reason="s", on=data.DAY
        )
    assert refused.value.message_dict["amount"] == [
        "The subsidy of 100.01 yuan is more than the 100.00 yuan still available on the "
        f"budget line {city}."
    ]
    assert not BudgetLine.objects.filter(source=FundingSource.CITY_SUBSIDY).exists()
    services.transfer_city_subsidy(city, tree["luohu"], "200.00", actor=None, reason="s")
    assert queries.of_line(city)["available"] == Decimal("0.00")
    assert queries.of_line(subsidy_line(tree["luohu"]))["available"] == Decimal("100.00")


def test_a_subsidy_comes_from_a_city_line_and_goes_to_a_district(tree):
    futian = data.line(tree["futian"], "1000.00")
    city = data.line(tree["city"], "1000.00")
    with pytest.raises(ValidationError, match="comes from a city line"):
        services.transfer_city_subsidy(futian, tree["luohu"], "10.00", actor=None, reason="s")
    with pytest.raises(ValidationError, match="goes to a district"):
        services.transfer_city_subsidy(city, tree["futian_street"], "10.00", actor=None, reason="s")
    assert LedgerEntry.objects.filter(kind=Movement.TRANSFER_OUT).count() == 0


def test_a_subsidy_rounds_to_the_fen_and_is_at_least_one_fen(tree):
    city = data.line(tree["city"], "1000.00")
    out, _ = services.transfer_city_subsidy(
        city, tree["futian"], "0.01", actor=None, reason="s", on=data.DAY
    )
    assert out.amount == Decimal("0.01")  # 0.005 rounds half up
    factories.parameter(CITY_SUBSIDY_PERCENT, "10", date(2027, 1, 1))
    with pytest.raises(ValidationError, match="less than one fen"):  # 0.004
        services.transfer_city_subsidy(
            city, tree["luohu"], "0.04", actor=None, reason="s", on=date(2027, 1, 1)
        )
    out, _ = services.transfer_city_subsidy(
        city, tree["luohu"], "0.05", actor=None, reason="s", on=date(2027, 1, 1)
    )
    assert out.amount == Decimal("0.01")  # 0.005


def test_only_city_roles_transfer(tree):
    city = data.line(tree["city"], "1000.00")
    district_officer = factories.user(role="district_officer", scope=tree["futian"])
    with pytest.raises(PermissionDenied):
        services.transfer_city_subsidy(
            city, tree["futian"], "10.00", actor=district_officer, reason="s"
        )
    officer = factories.user(role="city_officer", scope=tree["city"])
    _out, received = services.transfer_city_subsidy(
        city, tree["futian"], "10.00", actor=officer, reason="s"
    )
    assert received.amount == Decimal("5.00") and received.created_by == officer


def test_a_subsidy_line_is_opened_and_filled_only_by_a_transfer(tree):
    with pytest.raises(ValidationError, match="opened by a transfer"):
        data.line(tree["futian"], source=FundingSource.CITY_SUBSIDY)
    city = data.line(tree["city"], "1000.00")
    services.transfer_city_subsidy(city, tree["futian"], "10.00", actor=None, reason="s")
    with pytest.raises(ValidationError, match="only by a transfer"):
        services.allocate(subsidy_line(tree["futian"]), "1.00", actor=None, reason="r")
    # the district spends it like any line
    services.commit(subsidy_line(tree["futian"]), "5.00", actor=None, reason="contract")


def test_one_subsidy_line_per_district_and_year(tree):
    city = data.line(tree["city"], "1000.00")
    services.transfer_city_subsidy(city, tree["futian"], "10.00", actor=None, reason="s")
    other_year = data.line(tree["city"], "1000.00", year=2027)
    services.transfer_city_subsidy(other_year, tree["futian"], "10.00", actor=None, reason="s")
    assert BudgetLine.objects.filter(source=FundingSource.CITY_SUBSIDY).count() == 2
    with pytest.raises(ValidationError) as refused:
        core_services.create_record(
            None,
            BudgetLine,
            {
                "year": 2026,
                "payer": tree["futian"],
                "source": FundingSource.CITY_SUBSIDY,
                "name": "second",
            },
        )
    assert refused.value.messages == [
        "The district already has a city special subsidy line for this year."
    ]
