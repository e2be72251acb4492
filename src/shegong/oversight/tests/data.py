"""The oversight tests' world, on the procurement contract world (``procurement.tests``): two
districts (Futian, Luohu), an organisation in each, a running contract of each district with
its supplier, instalments conditioned on the mid-term and final evaluations, evaluators."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

import pytest

from shegong.core.services import create_record
from shegong.core.testing import factories
from shegong.procurement import services as procurement
from shegong.procurement.choices import PaymentCondition
from shegong.procurement.models import Contract, Instalment
from shegong.procurement.tests.contract_data import awarded, contract_data, cworld  # noqa: F401
from shegong.procurement.tests.data import world  # noqa: F401
from shegong.workforce.models import Employment
from shegong.workforce.tests.data import person

_numbers = count(1)


def make_contract(w, district: str, supplier_district: str = "", **extra) -> Contract:
    """A contract of ``district``'s buyer with that district's organisation (or
    ``supplier_district``'s), 1 April 2026 to 31 March 2027, funded 200,000.00 yuan;
    instalments 2 (mid-term) and 3 (final)."""
    supplier_district = supplier_district or district
    supplier = w[f"org_{supplier_district}"]
    officer = w["officer"] if district == "futian" else w["luohu_officer"]
    posts = w["posts_futian"] if supplier_district == "futian" else [w["post_luohu"]]
    p = awarded(w, supplier, district=district)
    n = next(_numbers)
    contract = procurement.create_contract(
        officer,
        p,
        contract_data(number=f"{district.upper()}-{n:03d}", **extra),
        lines=[(w[f"line_{district}"], Decimal("60000.00"))],
        posts=posts,
    )
    funding = contract.lines.get()
    for number, condition, amount in (
        (1, PaymentCondition.CONTRACT_SIGNED, "20000.00"),
        (2, PaymentCondition.MID_TERM_EVALUATION, "20000.00"),
        (3, PaymentCondition.FINAL_EVALUATION, "20000.00"),
    ):
        procurement.add_instalment(
            officer,
            Instalment,
            {
                "contract": contract,
                "number": number,
                "due_on": date(2026, 3 + number * 2, 1),
                "amount": Decimal(amount),
                "funding": funding,
                "condition": condition,
            },
        )
    return contract


@pytest.fixture
def oworld(cworld):  # noqa: F811
    w = cworld
    tree = w["tree"]
    w.update(
        futian_admin=factories.user("futian_org", role="org_admin", scope=w["org_futian"]),
        city_admin=factories.user("cityadmin", role="city_admin", scope=tree["city"]),
        evaluator=factories.user("evaluator1", first_name="评估员甲", home=tree["futian"]),
        evaluator2=factories.user("evaluator2", first_name="评估员乙", home=tree["futian"]),
        evaluator3=factories.user("evaluator3", first_name="评估员丙", home=tree["luohu"]),
        nobody=factories.user("nobody"),
    )
    w["contract_futian"] = make_contract(w, "futian")
    w["contract_luohu"] = make_contract(w, "luohu")
    return w


def employ(user, post, start=date(2026, 1, 1)) -> Employment:
    """``user``'s person holds ``post`` from ``start`` (a tie to the post's organisation)."""
    who = person(post.organisation.area, post.organisation, user=user)
    return create_record(
        None, Employment, {"person": who, "post": post, "start": start, "kind": "new_hire"}
    )
