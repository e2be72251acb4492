"""FIN-3, FIN-5, ORG-5: a bar's scope (the buyers whose tenders it closes) is within what the
official creating it acts for, through the service every creator calls (an inspection's
sanction, an evaluation's rating, a bar by hand): a Futian district officer bars from Futian's
tenders only, never from Luohu's nor from every buyer's; the city bars from any; a sanction's
bar with no buyer (a suspension) closes the deciding authority's area; the bar's scope also
says who lifts it. Refused with the message on ``buyer`` and nothing written, in English and in
Chinese. Two districts, an organisation in each."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from shegong.core.models import AuditRecord
from shegong.core.permissions import restrict
from shegong.core.testing import factories
from shegong.procurement.models import TenderBar
from shegong.procurement.services import bars

from .data import world

pytestmark = pytest.mark.django_db
__all__ = ["world"]

START, LAST = date(2027, 3, 1), date(2027, 5, 31)
NOT_LUOHU = (
    "You may bar an organisation only from the tenders of your own area, not from 罗湖区's tenders."
)
NOT_EVERY = (
    "You may bar an organisation only from the tenders of your own area; a bar from every "
    "buyer's tenders is the city's. Choose your district as the buyer."
)


def _bar(actor, organisation, buyer, source="other"):
    return bars.bar_from_tenders(
        actor,
        organisation,
        buyer=buyer,
        starts=START,
        ends=LAST,
        reason="决定书 2027-001",
        source=source,
        reference="2027-001",
    )


def _refused(actor, organisation, buyer, source="other") -> dict:
    with pytest.raises(ValidationError) as exc:
        _bar(actor, organisation, buyer, source)
    return exc.value.message_dict


def test_a_district_officer_bars_from_their_district_s_tenders_only(world):
    w = world
    futian, luohu = w["tree"]["futian"], w["tree"]["luohu"]
    audits = AuditRecord.objects.filter(model="procurement.tenderbar").count()
    # from another district's tenders, or from every buyer's: refused, nothing written
    assert _refused(w["officer"], w["org_futian"], luohu) == {"buyer": [NOT_LUOHU]}
    assert _refused(w["officer"], w["org_futian"], None) == {"buyer": [NOT_EVERY]}
    assert _refused(w["officer"], w["org_futian"], None, "rating") == {
        "buyer": ["A rating bars from its buyer's tenders: name it."]
    }
    assert TenderBar.objects.count() == 0
    assert AuditRecord.objects.filter(model="procurement.tenderbar").count() == audits
    # from their own district's: allowed, for their own organisation and for a supplier of
    # another district (a buyer bars its supplier, FIN-5)
    own = _bar(w["officer"], w["org_futian"], futian)
    supplier = _bar(w["officer"], w["org_luohu"], futian, "rating")
    assert [(b.organisation, b.buyer) for b in (own, supplier)] == [
        (w["org_futian"], futian),
        (w["org_luohu"], futian),
    ]
    # the other district's officer the same way round
    assert _refused(w["luohu_officer"], w["org_futian"], futian) == {
        "buyer": [
            "You may bar an organisation only from the tenders of your own area, not from "
            "福田区's tenders."
        ]
    }
    assert TenderBar.objects.count() == 2


def test_the_city_bars_from_either_district_and_from_every_buyer(world):
    w = world
    futian, luohu = w["tree"]["futian"], w["tree"]["luohu"]
    made = [
        _bar(w["city_officer"], w["org_futian"], futian),
        _bar(w["city_officer"], w["org_futian"], luohu),
        _bar(w["city_officer"], w["org_futian"], None),
    ]
    assert [b.buyer for b in made] == [futian, luohu, None]
    assert set(bars.bars_in_force(w["org_futian"], luohu, START)) == {made[1], made[2]}
    assert set(bars.bars_in_force(w["org_futian"], futian, START)) == {made[0], made[2]}


def test_a_sanction_s_bar_with_no_buyer_is_as_wide_as_the_deciding_authority(world):
    w = world
    futian, luohu = w["tree"]["futian"], w["tree"]["luohu"]
    district = _bar(w["officer"], w["org_futian"], None, "sanction")
    city = _bar(w["city_officer"], w["org_luohu"], None, "sanction")
    assert (district.buyer, city.buyer) == (futian, None)
    # the district's suspension keeps the organisation from Futian's tenders, not Luohu's
    assert list(bars.bars_in_force(w["org_futian"], futian, START)) == [district]
    assert list(bars.bars_in_force(w["org_futian"], luohu, START)) == []
    assert list(bars.bars_in_force(w["org_luohu"], futian, START)) == [city]
    assert list(bars.bars_in_force(w["org_luohu"], luohu, START)) == [city]
    # a sanction naming another district's tenders is refused like any other bar
    assert _refused(w["officer"], w["org_futian"], luohu, "sanction") == {"buyer": [NOT_LUOHU]}


def test_who_sees_and_who_lifts_a_bar_follows_its_scope(world):
    w = world
    luohu = w["tree"]["luohu"]
    # Luohu bars a Futian supplier from Luohu's tenders; the city bars it from every buyer's
    luohu_bar = _bar(w["luohu_officer"], w["org_futian"], luohu, "rating")
    city_bar = _bar(w["city_officer"], w["org_futian"], None)
    rows = TenderBar.objects.all()
    # seen by whom it concerns: the organisation's district and the buyer district
    assert set(restrict(rows, w["officer"], "view")) == {luohu_bar, city_bar}
    assert set(restrict(rows, w["luohu_officer"], "view")) == {luohu_bar}
    assert set(restrict(rows, w["city_officer"], "view")) == {luohu_bar, city_bar}
    nanshan = factories.area("440305", "南山区", "district", w["tree"]["city"])
    stranger = factories.user("nanshan_officer", role="district_officer", scope=nanshan)
    assert list(restrict(rows, stranger, "view")) == []
    # lifted only by an official who could have barred with that scope
    for bar, expected in ((luohu_bar, NOT_LUOHU), (city_bar, NOT_EVERY)):
        with pytest.raises(ValidationError) as exc:
            bars.lift_bar(w["officer"], bar, "复核撤销", on=START)
        assert exc.value.messages == [
            f"Only an official who may bar from these tenders lifts the bar. {expected}"
        ]
    assert TenderBar.objects.filter(lifted_on__isnull=False).count() == 0
    with pytest.raises(ValidationError):
        bars.lift_bar(w["luohu_officer"], city_bar, "复核撤销", on=START)
    assert bars.lift_bar(w["luohu_officer"], luohu_bar, "复核撤销", on=START).lifted_on == START
    assert bars.lift_bar(w["city_officer"], city_bar, "复核撤销", on=START).lifted_on == START


def test_the_refusal_is_in_chinese_for_a_chinese_user(world):
    w = world
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as exc:
            _bar(w["officer"], w["org_futian"], w["tree"]["luohu"])
        assert exc.value.message_dict == {
            "buyer": ["您只能禁止机构参加本辖区的采购，不能禁止其参加罗湖区的采购。"]
        }
        with pytest.raises(ValidationError) as exc:
            _bar(w["officer"], w["org_futian"], None)
        assert exc.value.message_dict == {
            "buyer": [
                "您只能禁止机构参加本辖区的采购；禁止参加所有采购人的采购须由市级作出。"
                "请选择本区作为采购人。"
            ]
        }
    assert TenderBar.objects.count() == 0
