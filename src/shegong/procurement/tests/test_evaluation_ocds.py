"""FIN-3, issue 14 point 7: the award release of an evaluated open tender (the award in force:
its supplier, value, date and status) validates against the OCDS 1.1.5 schema offline, and
nothing of the evaluation (scores, ranking, recusals, panel) is published."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from shegong.procurement import services
from shegong.procurement.ocds import builders, codelists, jsonout, packaging, validation

from .data import world
from .evaldata import AWARD_DAY, awarded, eval_world, score_all
from .test_ocds import URL, _no_network, _roundtrip

pytestmark = pytest.mark.django_db
__all__ = ["eval_world", "world"]


def test_the_award_release_of_an_evaluated_tender_validates_offline(eval_world, monkeypatch):
    _no_network(monkeypatch)
    w = eval_world
    awarded(w)
    procurements = list(packaging.public_procurements())
    releases = builders.releases(procurements[0])
    award = next(r for r in releases if r["tag"] == ["award"])
    supplier = next(p for p in award["parties"] if "supplier" in p["roles"])
    assert supplier["name"] == "南山社工服务中心" and supplier["id"].startswith("CN-USCC-")
    assert award["awards"] == [
        {
            "id": f"{builders.ocid(w['procurement'].pk)}-award-1",
            "title": "长者服务项目公开招标",
            "status": "active",
            "date": builders.at(AWARD_DAY),
            "suppliers": [{"id": supplier["id"], "name": "南山社工服务中心"}],
            "value": {"amount": Decimal("120000.00"), "currency": "CNY"},
        }
    ]
    for package, schema in (
        (packaging.release_package(procurements, URL), "release-package"),
        (packaging.record_package(procurements, URL, URL), "record-package"),
    ):
        assert validation.errors(_roundtrip(package), schema) == []
        text = jsonout.dumps(package)
        assert '"amount":120000.00' in text
        for private in ("专家", "采购人代表", "87.50", "22.50", "65.00"):
            assert private not in text, private


def test_a_second_award_after_an_upheld_challenge_has_its_own_id(eval_world):
    w = eval_world
    awarded(w)
    challenge = services.lodge_challenge(
        w["admins"]["a"], w["procurement"], w["orgs"]["a"], "评分有误", on=AWARD_DAY
    )
    services.decide_challenge(
        w["officer"], challenge, True, "重新评审", outcome="re_evaluate", on=date(2026, 11, 4)
    )
    score_all(
        w, w["procurement"].panel, {"a": Decimal("70"), "b": Decimal("50"), "c": Decimal("60")}
    )
    services.evaluate(w["officer"], w["procurement"])
    services.award(w["officer"], w["procurement"], on=date(2026, 11, 9))
    (p,) = packaging.public_procurements()
    releases = builders.releases(p)
    ocid = builders.ocid(p.pk)
    # The history, oldest first: award 1 as noticed, its cancellation, award 2.
    assert [
        (r["tag"], r["date"], r["awards"][0]["id"], r["awards"][0]["status"])
        for r in releases
        if "awards" in r
    ] == [
        (["award"], builders.at(AWARD_DAY), f"{ocid}-award-1", "active"),
        (["awardCancellation"], builders.at(date(2026, 11, 4)), f"{ocid}-award-1", "cancelled"),
        (["award"], builders.at(date(2026, 11, 9)), f"{ocid}-award-2", "active"),
    ]
    assert releases[-1]["awards"][0]["suppliers"][0]["name"] == "福田社工服务中心"
    cancelled = next(r for r in releases if r["tag"] == ["awardCancellation"])
    assert cancelled["awards"][0]["suppliers"][0]["name"] == "南山社工服务中心"
    assert cancelled["awards"][0]["value"] == {"amount": Decimal("120000.00"), "currency": "CNY"}
    # The compiled record: the revoked award cancelled beside the award in force.
    (record,) = packaging.record_package([p], URL, URL)["records"]
    assert [(a["id"], a["status"]) for a in record["compiledRelease"]["awards"]] == [
        (f"{ocid}-award-1", "cancelled"),
        (f"{ocid}-award-2", "active"),
    ]
    for package, schema in (
        (packaging.release_package([p], URL), "release-package"),
        (packaging.record_package([p], URL, URL), "record-package"),
    ):
        assert validation.errors(_roundtrip(package), schema) == []


def test_an_award_revoked_when_the_tender_fails_is_published_as_cancelled(eval_world):
    """FIN-3: upheld with the outcome "fail": no award in force, the revoked one cancelled on
    the day of the decision (not only the award's disappearance)."""
    w = eval_world
    awarded(w)
    challenge = services.lodge_challenge(
        w["admins"]["a"], w["procurement"], w["orgs"]["a"], "评分有误", on=AWARD_DAY
    )
    services.decide_challenge(
        w["officer"], challenge, True, "评审程序违法", outcome="fail", on=date(2026, 11, 6)
    )
    (p,) = packaging.public_procurements()
    ocid = builders.ocid(p.pk)
    releases = builders.releases(p)
    assert [(r["tag"], r["date"], r["awards"][0]["status"]) for r in releases if "awards" in r] == [
        (["award"], builders.at(AWARD_DAY), "active"),
        (["awardCancellation"], builders.at(date(2026, 11, 6)), "cancelled"),
    ]
    (record,) = packaging.record_package([p], URL, URL)["records"]
    assert record["compiledRelease"]["awards"] == [
        {
            "id": f"{ocid}-award-1",
            "title": "长者服务项目公开招标",
            "status": "cancelled",
            "date": builders.at(AWARD_DAY),
            "suppliers": [record["compiledRelease"]["awards"][0]["suppliers"][0]],
            "value": {"amount": Decimal("120000.00"), "currency": "CNY"},
        }
    ]
    assert (
        validation.errors(_roundtrip(packaging.release_package([p], URL)), "release-package") == []
    )


def test_award_status_codes_are_real():
    assert set(codelists.AWARD_STATUS.values()) <= codelists.codes("awardStatus")
