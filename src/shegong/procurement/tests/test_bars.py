"""FIN-3, ORG-5: bars from tenders at their edges: the last day barred and the next day
eligible, a bar for one buyer district leaves the other buyer's procurements open, a lifted
bar no longer bars from the day it is lifted, who may bar, and a barred bidder's bid kept
invalid with the reason, with two organisations in two districts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shegong.core.models import AuditRecord
from shegong.core.permissions import restrict
from shegong.core.testing import factories
from shegong.procurement.models import TenderBar
from shegong.procurement.services import bars, eligibility

from .bidsdata import bid, bids_world
from .data import tender, world

pytestmark = pytest.mark.django_db
__all__ = ["bids_world", "world"]

START, LAST = date(2027, 3, 1), date(2027, 5, 31)
REASON = "虚假报告，决定书 2027-001"


def _bar(w, organisation, buyer=None, actor=None, **kw):
    values = {
        "buyer": buyer,
        "starts": START,
        "ends": LAST,
        "reason": REASON,
        "source": "sanction",
        "reference": "inspections.Decision:1",
    }
    values.update(kw)
    return bars.bar_from_tenders(actor or w["city_officer"], organisation, **values)


def test_every_buyer_bar_last_day_barred_next_day_eligible(world):
    w = world
    futian_tender = tender(w["item_futian"])
    org = w["org_futian"]
    _bar(w, org)
    message = f"The organisation is barred from tenders until 2027-05-31 inclusive: {REASON}"
    assert eligibility.problems(futian_tender, org, date(2027, 2, 28)) == []
    assert eligibility.problems(futian_tender, org, date(2027, 3, 1)) == [message]
    assert eligibility.problems(futian_tender, org, date(2027, 5, 31)) == [message]
    assert eligibility.problems(futian_tender, org, date(2027, 6, 1)) == []
    # the other organisation is not barred
    assert eligibility.problems(futian_tender, w["org_luohu"], date(2027, 5, 31)) == []


def test_a_buyer_bar_leaves_the_other_buyer_open(world):
    w = world
    futian_tender, luohu_tender = tender(w["item_futian"]), tender(w["item_luohu"])
    org = w["org_luohu"]
    _bar(w, org, buyer=w["tree"]["futian"])
    assert eligibility.problems(futian_tender, org, LAST) == [
        "The organisation is barred from the tenders of 福田区 until 2027-05-31 inclusive: "
        f"{REASON}"
    ]
    assert eligibility.problems(luohu_tender, org, LAST) == []
    assert list(bars.bars_in_force(org, w["tree"]["luohu"], LAST)) == []
    assert bars.bars_in_force(org, None, LAST).count() == 1  # any buyer


def test_one_problem_per_bar_in_force(world):
    w = world
    futian_tender = tender(w["item_futian"])
    org = w["org_futian"]
    _bar(w, org)
    _bar(w, org, buyer=w["tree"]["futian"], ends=date(2027, 4, 30), reason="评估不合格")
    assert eligibility.problems(futian_tender, org, date(2027, 4, 30)) == [
        "The organisation is barred from the tenders of 福田区 until 2027-04-30 inclusive: "
        "评估不合格",
        f"The organisation is barred from tenders until 2027-05-31 inclusive: {REASON}",
    ]
    assert len(eligibility.problems(futian_tender, org, date(2027, 5, 1))) == 1


def test_a_lifted_bar_bars_until_the_day_before_it_is_lifted(world):
    w = world
    futian_tender = tender(w["item_futian"])
    org = w["org_futian"]
    bar = _bar(w, org)
    lifted = bars.lift_bar(w["city_officer"], bar, "复核撤销处罚", on=date(2027, 4, 10))
    assert (lifted.lifted_on, lifted.lifted_reason) == (date(2027, 4, 10), "复核撤销处罚")
    assert len(eligibility.problems(futian_tender, org, date(2027, 4, 9))) == 1
    assert eligibility.problems(futian_tender, org, date(2027, 4, 10)) == []
    with pytest.raises(ValidationError) as exc:
        bars.lift_bar(w["city_officer"], lifted, "再次撤销", on=date(2027, 4, 11))
    assert exc.value.messages == ["The bar was already lifted on 2027-04-10."]
    assert AuditRecord.objects.filter(model="procurement.tenderbar").count() == 2


def test_bad_bars_are_refused_with_a_message_and_nothing_written(world):
    w = world
    with pytest.raises(ValidationError) as exc:
        _bar(w, w["org_futian"], ends=START - timedelta(days=1))
    assert exc.value.message_dict == {"ends": ["A bar ends on or after the day it starts."]}
    with pytest.raises(ValidationError) as exc:
        _bar(w, w["org_futian"], buyer=w["tree"]["city"])
    assert exc.value.message_dict["buyer"] == ["The buyer is a district."]
    with pytest.raises(ValidationError) as exc:
        _bar(w, w["org_futian"], reason="  ")
    assert "reason" in exc.value.message_dict
    bar = _bar(w, w["org_futian"])
    with pytest.raises(ValidationError) as exc:
        bars.lift_bar(w["city_officer"], bar, "")
    assert exc.value.message_dict == {"lifted_reason": ["Give the reason for lifting the bar."]}
    with pytest.raises(ValidationError) as exc:
        bars.lift_bar(w["city_officer"], bar, "撤销", on=START - timedelta(days=1))
    assert exc.value.message_dict == {
        "lifted_on": ["A bar is lifted on or after its start (2027-03-01)."]
    }
    assert TenderBar.objects.count() == 1


def test_who_bars_and_who_reads_bars(world):
    w = world
    # a district officer bars from their own district's tenders only (a sanction's bar with
    # no buyer closes Futian's tenders, not every buyer's); never from Luohu's
    assert _bar(w, w["org_futian"], actor=w["officer"]).buyer == w["tree"]["futian"]
    with pytest.raises(ValidationError):
        _bar(w, w["org_luohu"], buyer=w["tree"]["luohu"], actor=w["officer"])
    # an organisation administrator may not bar, even its own organisation
    with pytest.raises(PermissionDenied):
        _bar(w, w["org_luohu"], actor=w["org_admin"])
    assert TenderBar.objects.count() == 1
    _bar(w, w["org_luohu"])
    rows = TenderBar.objects.all()
    assert [b.organisation for b in restrict(rows, w["officer"], "view")] == [w["org_futian"]]
    assert [b.organisation for b in restrict(rows, w["luohu_officer"], "view")] == [w["org_luohu"]]
    assert [b.organisation for b in restrict(rows, w["org_admin"], "view")] == [w["org_luohu"]]
    assert restrict(rows, w["city_officer"], "view").count() == 2
    worker = factories.user("sw", role="social_worker", scope=w["org_luohu"])
    assert restrict(rows, worker, "view").count() == 0


def test_a_barred_bidder_s_bid_is_kept_invalid_with_the_reason(bids_world):
    w = bids_world
    on = w["before"].date()
    bars.bar_from_tenders(
        w["city_officer"],
        w["orgs"]["a"],
        buyer=None,
        starts=on,
        ends=on,
        reason="虚假报告",
        source="sanction",
    )
    kept = bid(w, "a")
    assert kept.status == "invalid"
    assert kept.problems == (
        f"The organisation is barred from tenders until {on.isoformat()} inclusive: 虚假报告"
    )
    assert bid(w, "b").status == "submitted"
