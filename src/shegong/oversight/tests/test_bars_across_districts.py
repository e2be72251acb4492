"""FIN-5, FIN-3, ORG-5: a buyer district rates a supplier registered in another district not
competent: the bar from the buyer's tenders is written (not refused, the rating kept), the
buyer's officer sees and may lift it, the supplier's district sees it too, and a third
party's officer reaches nothing. Luohu buys from the Futian organisation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shegong.core.permissions import can, restrict
from shegong.core.testing import factories
from shegong.core.testing.clock import frozen_clock
from shegong.oversight import services
from shegong.oversight.models import Evaluation
from shegong.procurement.models import TenderBar
from shegong.procurement.services import bars

from .data import make_contract

pytestmark = pytest.mark.django_db


def test_a_buyer_bars_a_supplier_of_another_district_and_sees_its_bar(oworld):
    w = oworld
    tree = w["tree"]
    contract = make_contract(w, "luohu", supplier_district="futian")
    assert (contract.buyer, contract.supplier) == (tree["luohu"], w["org_futian"])
    final = services.plan_evaluation(
        w["luohu_officer"],
        Evaluation,
        {"contract": contract, "stage": "final", "held_on": date(2027, 2, 20)},
        m2m={"evaluators": [w["evaluator"], w["evaluator3"]]},
    )
    for assignment in final.assignments.select_related("evaluator"):
        services.score(assignment.evaluator, assignment, "50", "现场查阅台账")
    with frozen_clock(date(2027, 2, 22)):
        final = services.rate(w["luohu_officer"], final)
    assert (final.status, final.score, final.rating) == ("rated", Decimal("50.00"), "not_competent")
    bar = TenderBar.objects.get()
    assert (bar.organisation, bar.buyer, bar.starts, bar.ends, bar.source) == (
        w["org_futian"],
        tree["luohu"],
        date(2027, 2, 22),
        date(2028, 2, 21),
        "rating",
    )
    # the buyer's officer and the supplier's district officer see it; a third party does not
    futian_list = list(restrict(TenderBar.objects.all(), w["officer"], "view"))
    assert list(restrict(TenderBar.objects.all(), w["luohu_officer"], "view")) == [bar]
    assert futian_list == [bar]
    nanshan = factories.area("440305", "南山区", "district", tree["city"])
    stranger = factories.user("nanshan_officer", role="district_officer", scope=nanshan)
    assert list(restrict(TenderBar.objects.all(), stranger, "view")) == []
    assert can(w["luohu_officer"], "change", bar) is True
    assert can(stranger, "change", bar) is False
    # the bar keeps the supplier from Luohu's tenders only, to its last day
    assert list(bars.bars_in_force(w["org_futian"], tree["luohu"], date(2028, 2, 21))) == [bar]
    assert not bars.bars_in_force(w["org_futian"], tree["luohu"], date(2028, 2, 22))
    assert not bars.bars_in_force(w["org_futian"], tree["futian"], date(2027, 6, 1))
    lifted = bars.lift_bar(w["luohu_officer"], bar, "复核后撤销", on=date(2027, 6, 1))
    assert lifted.lifted_on == date(2027, 6, 1)


def test_a_buyer_may_not_bar_for_every_buyer_or_for_another_buyer(oworld):
    w = oworld
    tree = w["tree"]
    values = {
        "starts": date(2027, 3, 1),
        "ends": date(2027, 5, 31),
        "reason": "评估不称职",
        "source": "rating",
    }
    refused = {}
    for key, buyer in (("none", None), ("futian", tree["futian"])):
        with pytest.raises(ValidationError) as exc:
            bars.bar_from_tenders(w["luohu_officer"], w["org_futian"], buyer=buyer, **values)
        refused[key] = exc.value.message_dict
    assert refused == {
        "none": {"buyer": ["A rating bars from its buyer's tenders: name it."]},
        "futian": {
            "buyer": [
                "You may bar an organisation only from the tenders of your own area, not from "
                "福田区's tenders."
            ]
        },
    }
    assert TenderBar.objects.count() == 0
