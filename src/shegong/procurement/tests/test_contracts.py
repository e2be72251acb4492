"""The contract stage through the services (FIN-6, FIN-2, VOL-3, GOV-1): plan items on budget
lines, a contract of an awarded procurement signed within 30 days, its commitments, clauses,
schedule, conditions, payments, amendments and termination, in two districts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shegong.funding import queries
from shegong.funding.models import LedgerEntry
from shegong.procurement import services
from shegong.procurement.models import Contract, Instalment
from shegong.workforce.tests.data import post

from .contract_data import awarded, budget_line, contract_data, cworld, volunteer_federation
from .data import world

pytestmark = pytest.mark.django_db
__all__ = ["cworld", "world"]


def balances(line):
    found = queries.of_line(line)
    return found["committed"], found["paid"], found["available"]


def contract(w, lines=None, **extra):
    p = awarded(w, w["org_futian"])
    return services.create_contract(
        w["officer"],
        p,
        contract_data(**extra),
        lines or [(w["line_futian"], Decimal("200000.00"))],
        posts=w["posts_futian"],
    )


def instalment(w, c, number, amount, condition="none", funded=None, **extra):
    return services.add_instalment(
        w["officer"],
        Instalment,
        {
            "contract": c,
            "number": number,
            "due_on": date(2026, 4, 1),
            "amount": Decimal(amount),
            "funding": funded or c.lines.first(),
            "condition": condition,
            **extra,
        },
    )


# --- Plan items on budget lines (GOV-1) ---------------------------------------------------------


def test_a_plan_item_is_funded_by_its_districts_or_the_citys_lines_of_its_year(cworld):
    w = cworld
    item = w["item_futian"]
    done = services.set_plan_lines(w["officer"], item, [w["line_futian"], w["line_city"]])
    assert set(done.budget_lines.all()) == {w["line_futian"], w["line_city"]}
    with pytest.raises(ValidationError) as exc:
        services.set_plan_lines(w["officer"], item, [w["line_luohu"]])
    assert exc.value.message_dict == {
        "budget_lines": [
            "The budget line 2026 罗湖区2026购买服务 belongs to 罗湖区, not to 福田区 or the city."
        ]
    }
    next_year = budget_line(w["tree"]["futian"], "10.00", year=2027)
    with pytest.raises(ValidationError) as exc:
        services.set_plan_lines(w["officer"], item, [next_year])
    assert exc.value.messages == [
        "The budget line 2027 福田区2027购买服务 is of 2027, not of 2026."
    ]
    assert set(item.budget_lines.all()) == {w["line_futian"], w["line_city"]}  # unchanged


# --- The contract (FIN-6) -------------------------------------------------------------------------


def test_a_contract_of_an_awarded_procurement_commits_its_lines(cworld):
    w = cworld
    c = contract(
        w,
        lines=[(w["line_futian"], "200000.00"), (w["line_futian_b"], "50000.00")],
    )
    assert (c.buyer, c.supplier, c.value) == (
        w["tree"]["futian"],
        w["org_futian"],
        Decimal("250000.00"),
    )
    c.procurement.refresh_from_db()
    assert c.procurement.status == "contracted"
    assert balances(w["line_futian"]) == (
        Decimal("200000.00"),
        Decimal("0.00"),
        Decimal("100000.00"),
    )
    assert balances(w["line_futian_b"]) == (Decimal("50000.00"), Decimal("0.00"), Decimal("0.00"))
    entry = c.lines.get(line=w["line_futian"]).commitment
    assert (entry.kind, entry.source_model, entry.source_id, entry.reference) == (
        "commitment",
        "procurement.contract",
        c.pk,
        "FT-2026-001",
    )
    assert set(c.posts.all()) == set(w["posts_futian"])


def test_a_line_with_not_enough_left_is_refused_with_fundings_message(cworld):
    w = cworld
    p = awarded(w, w["org_futian"])
    with pytest.raises(ValidationError) as exc:
        services.create_contract(
            w["officer"],
            p,
            contract_data(),
            [(w["line_futian"], "300000.01")],
            posts=w["posts_futian"],
        )
    assert exc.value.message_dict == {
        "amount": [
            "300,000.01 yuan is more than the 300,000.00 yuan still available on the budget "
            "line 2026 福田区2026购买服务."
        ]
    }
    assert not Contract.objects.exists()
    p.refresh_from_db()
    assert p.status == "awarded"
    done = services.create_contract(
        w["officer"], p, contract_data(), [(w["line_futian"], "300000.00")], posts=w["posts_futian"]
    )
    assert balances(w["line_futian"])[2] == Decimal("0.00")
    assert done.value == Decimal("300000.00")


@pytest.mark.parametrize(
    ("signed_on", "error"),
    [
        (date(2026, 4, 12), None),  # day 30 after the award of 13 March
        (
            date(2026, 4, 13),  # day 31
            "The contract must be signed within 30 days of the award notice: by 2026-04-12 at "
            "the latest.",
        ),
        (date(2026, 3, 12), "A contract is signed on or after the award (2026-03-13)."),
    ],
)
def test_the_contract_is_signed_within_30_days_of_the_award(cworld, signed_on, error):
    w = cworld
    if error is None:
        assert contract(w, signed_on=signed_on).signed_on == signed_on
        return
    with pytest.raises(ValidationError) as exc:
        contract(w, signed_on=signed_on)
    assert exc.value.message_dict == {"signed_on": [error]}


def test_the_supplier_is_the_awarded_one_with_its_own_posts(cworld):
    w = cworld
    p = awarded(w, w["org_futian"])
    lines = [(w["line_futian"], "1000.00")]
    with pytest.raises(ValidationError) as exc:
        services.create_contract(
            w["officer"], p, contract_data(supplier=w["org_luohu"]), lines, w["posts_futian"]
        )
    assert exc.value.message_dict == {
        "supplier": ["The award names 福田社工服务中心 as the supplier."]
    }
    with pytest.raises(ValidationError) as exc:
        services.create_contract(w["officer"], p, contract_data(), lines, [w["post_luohu"]])
    assert exc.value.message_dict["posts"] == [
        f"These posts are not the supplier's: {w['post_luohu']}."
    ]
    with pytest.raises(ValidationError) as exc:
        services.create_contract(w["officer"], p, contract_data(), lines, [])
    assert exc.value.message_dict["posts"] == ["Name the posts the contract funds."]


def test_a_procurement_not_awarded_or_of_another_district_has_no_contract(cworld):
    w = cworld
    p = awarded(w, w["org_futian"])
    lines = [(w["line_futian"], "1000.00")]
    with pytest.raises(PermissionDenied):
        services.create_contract(w["luohu_officer"], p, contract_data(), lines, w["posts_futian"])
    services.create_contract(w["officer"], p, contract_data(), lines, w["posts_futian"])
    with pytest.raises(ValidationError) as exc:  # contracted now: not awarded any more
        services.create_contract(
            w["officer"], p, contract_data(number="FT-2"), lines, w["posts_futian"]
        )
    assert exc.value.messages == [
        "社工岗位单一来源采购 is contract signed; it can be signed only when it is awarded."
    ]


def test_a_luohu_line_does_not_fund_a_futian_contract(cworld):
    w = cworld
    with pytest.raises(ValidationError) as exc:
        contract(w, lines=[(w["line_luohu"], "1000.00")])
    assert exc.value.message_dict == {
        "lines": [
            "The budget line 2026 罗湖区2026购买服务 belongs to 罗湖区, not to 福田区 or the city."
        ]
    }


def test_a_volunteer_federation_supplies_social_work_posts(cworld):
    """VOL-3: posts inside a volunteer federation are purchased like any other."""
    w = cworld
    federation = volunteer_federation(w["tree"]["futian"])
    posts = [post(federation, w["ptype"])]
    p = awarded(w, federation)
    c = services.create_contract(
        w["officer"], p, contract_data(number="YGL-1"), [(w["line_futian"], "80000.00")], posts
    )
    assert (c.supplier.kind, c.value, list(c.posts.all())) == (
        "volunteer_organisation",
        Decimal("80000.00"),
        posts,
    )


def test_a_project_contract_states_outputs_and_outcome_targets(cworld):
    w = cworld
    p = awarded(w, w["org_futian"], kind="project")
    lines = [(w["line_futian"], "1000.00")]
    with pytest.raises(ValidationError) as exc:
        services.create_contract(w["officer"], p, contract_data(), lines)
    assert exc.value.message_dict == {
        "outputs": ["A project purchase states its outputs and outcome targets."],
        "outcome_targets": ["A project purchase states its outputs and outcome targets."],
    }
    c = services.create_contract(
        w["officer"],
        p,
        contract_data(outputs="长者探访1200人次", outcome_targets="满意度90%"),
        lines,
    )
    assert c.outputs == "长者探访1200人次"


# --- Clauses, schedule, payments (FIN-6, FIN-2) ---------------------------------------------------


def test_clauses_are_numbered_once(cworld):
    w = cworld
    c = contract(w)
    data = {"contract": c, "number": 1, "party": "buyer", "text": "按期拨付资金"}
    services.add_clause(w["officer"], None, data)
    with pytest.raises(ValidationError) as exc:
        services.add_clause(w["officer"], None, {**data, "party": "supplier"})
    assert exc.value.messages == ["The contract already has a clause of this number."]
    with pytest.raises(PermissionDenied):
        services.add_clause(w["luohu_officer"], None, {**data, "number": 2})


def test_first_paid_second_refused_until_its_condition_is_met(cworld):
    w = cworld
    c = contract(w)
    first = instalment(w, c, 1, "80000.00")
    second = instalment(w, c, 2, "120000.00", condition="mid_term_evaluation")
    paid = services.pay_instalment(w["officer"], first, on=date(2026, 4, 2))
    assert (paid.amount, paid.entry.kind, paid.entry.amount) == (
        Decimal("80000.00"),
        "payment",
        Decimal("80000.00"),
    )
    assert balances(w["line_futian"]) == (
        Decimal("120000.00"),
        Decimal("80000.00"),
        Decimal("100000.00"),
    )
    with pytest.raises(ValidationError) as exc:
        services.pay_instalment(w["officer"], second)
    assert exc.value.messages == [
        "Instalment 2 is paid only once its condition is met: Mid-term evaluation passed. The "
        "buyer has not recorded it as met."
    ]
    with pytest.raises(ValidationError) as exc:
        services.record_condition(w["officer"], second, True, "")
    assert exc.value.message_dict == {"evidence": ["Give the evidence that the condition is met."]}
    with pytest.raises(PermissionDenied):
        services.record_condition(w["org_admin"], second, True, "中期评估报告")
    services.record_condition(w["officer"], second, True, "中期评估报告（2026-09-30）")
    services.pay_instalment(w["officer"], second, on=date(2026, 10, 8))
    assert balances(w["line_futian"]) == (
        Decimal("0.00"),
        Decimal("200000.00"),
        Decimal("100000.00"),
    )
    with pytest.raises(ValidationError) as exc:
        services.pay_instalment(w["officer"], second)
    assert exc.value.messages == ["Instalment 2 is paid already."]


def test_a_payment_beyond_the_commitment_is_refused_by_funding(cworld):
    """Line B gives 50,000.00; an instalment of 50,000.01 from it is refused, 50,000.00 paid."""
    w = cworld
    c = contract(w, lines=[(w["line_futian"], "100000.00"), (w["line_futian_b"], "50000.00")])
    from_b = c.lines.get(line=w["line_futian_b"])
    over = instalment(w, c, 1, "50000.01", funded=from_b)
    with pytest.raises(ValidationError) as exc:
        services.pay_instalment(w["officer"], over)
    assert exc.value.messages == [
        "50,000.01 yuan is more than the 50,000.00 yuan left of the commitment "
        f"{from_b.commitment}."
    ]
    assert not LedgerEntry.objects.filter(kind="payment").exists()
    exact = instalment(w, c, 2, "50000.00", funded=from_b)
    services.pay_instalment(w["officer"], exact)
    assert balances(w["line_futian_b"]) == (Decimal("0.00"), Decimal("50000.00"), Decimal("0.00"))


def test_the_schedule_adds_up_to_the_value_at_most(cworld):
    w = cworld
    c = contract(w)
    instalment(w, c, 1, "199999.99")
    instalment(w, c, 2, "0.01")
    with pytest.raises(ValidationError) as exc:
        instalment(w, c, 3, "0.01")
    assert exc.value.message_dict == {
        "amount": [
            "The schedule would add up to 200,000.01 yuan, more than the contract's value of "
            "200,000.00 yuan."
        ]
    }


def test_only_the_buyer_pays(cworld):
    w = cworld
    c = contract(w)
    first = instalment(w, c, 1, "1000.00")
    for outsider in ("luohu_officer", "org_admin", "city_officer"):
        with pytest.raises(PermissionDenied):
            services.pay_instalment(w[outsider], first)


# --- Amendments and termination ------------------------------------------------------------------


def test_an_amendment_commits_or_releases_the_difference(cworld):
    w = cworld
    c = contract(w)
    services.pay_instalment(w["officer"], instalment(w, c, 1, "50000.00"))
    a = services.amend(
        w["officer"],
        c,
        "服务量增加",
        amounts={w["line_futian"]: Decimal("250000.00")},
        ends_on=date(2027, 6, 30),
    )
    assert (a.value_before, a.value_after, a.ends_on_after) == (
        Decimal("200000.00"),
        Decimal("250000.00"),
        date(2027, 6, 30),
    )
    assert balances(w["line_futian"]) == (
        Decimal("200000.00"),
        Decimal("50000.00"),
        Decimal("50000.00"),
    )
    services.amend(w["officer"], c, "服务量减少", amounts={w["line_futian"]: Decimal("100000.00")})
    assert balances(w["line_futian"]) == (
        Decimal("50000.00"),
        Decimal("50000.00"),
        Decimal("200000.00"),
    )
    with pytest.raises(ValidationError) as exc:
        services.amend(w["officer"], c, "", amounts={w["line_futian"]: Decimal("90000.00")})
    assert exc.value.message_dict == {"reason": ["Give the reason."]}
    with pytest.raises(ValidationError):  # more than the 50,000.00 left: funding refuses
        services.amend(w["officer"], c, "减少", amounts={w["line_futian"]: Decimal("49999.99")})
    c.refresh_from_db()
    assert c.value == Decimal("100000.00")


def test_termination_releases_what_is_left(cworld):
    w = cworld
    c = contract(w)
    first = instalment(w, c, 1, "60000.00")
    later = instalment(w, c, 2, "60000.00")
    services.pay_instalment(w["officer"], first)
    with pytest.raises(ValidationError) as exc:
        services.terminate(w["officer"], c, " ")
    assert exc.value.message_dict == {"reason": ["Give the reason."]}
    done = services.terminate(w["officer"], c, "机构严重违约", on=date(2026, 8, 1))
    assert (done.status, done.terminated_on) == ("terminated", date(2026, 8, 1))
    assert balances(w["line_futian"]) == (
        Decimal("0.00"),
        Decimal("60000.00"),
        Decimal("240000.00"),
    )
    with pytest.raises(ValidationError) as exc:
        services.pay_instalment(w["officer"], later)
    assert exc.value.messages == [
        "The contract was terminated; its instalments are no longer paid."
    ]
