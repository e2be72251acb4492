"""Open contracting data (issue 14, point 7; ADR 0053): releases of every stage valid against
the vendored OCDS 1.1.5 schemas offline, exact money, Chinese kept, never a draft."""

from __future__ import annotations

import random
import socket
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import override_settings

from shegong.core.testing import factories
from shegong.procurement import demo, services
from shegong.procurement.models import Procurement
from shegong.procurement.ocds import builders, codelists, jsonout, packaging, records, validation

from .data import criteria, item, tender, today, world

__all__ = ["world"]
URL = "https://example.org/api/v1/public/ocds/releases/"


def _published_tender(world):
    draft = tender(world["item_futian"], bid_deadline=today() + timedelta(days=30))
    criteria(draft)
    p = services.publish(world["officer"], draft)
    services.clarify(world["officer"], p, "答疑：服务人数为360人。", False)
    return Procurement.objects.get(pk=p.pk)


def _awarded_single_source(world):
    the_item = item(world["plan_luohu"], method="single_source", estimated_value=Decimal("0.30"))
    p = services.create_procurement(
        world["luohu_officer"],
        Procurement,
        {
            "plan_item": the_item,
            "title": "禁毒专项单一来源采购",
            "single_source_reason": "唯一具备该专项资质的机构",
            "proposed_supplier": world["org_luohu"],
        },
    )
    p = services.publish(world["luohu_officer"], p, on=date(2026, 3, 5))
    return services.award_single_source(world["luohu_officer"], p, on=date(2026, 3, 13))


def _all(world):
    return list(packaging.public_procurements())


def _roundtrip(document):
    return jsonout.loads(jsonout.dumps(document))


def _no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("validation reached for the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_every_release_and_record_validates_offline(world, monkeypatch):
    _no_network(monkeypatch)
    _published_tender(world)
    _awarded_single_source(world)
    procurements = _all(world)
    package = _roundtrip(packaging.release_package(procurements, URL))
    assert validation.errors(package, "release-package") == []
    tags = sorted(t for r in package["releases"] for t in r["tag"])
    assert tags == ["award", "planning", "planning", "tender", "tenderAmendment"]
    recs = _roundtrip(packaging.record_package(procurements, URL, URL))
    assert validation.errors(recs, "record-package") == []


def test_the_demo_data_validates(tree, monkeypatch):
    _no_network(monkeypatch)
    factories.organisation(tree["luohu"])
    demo.generate("district", random.Random(1), lambda message: None)
    procurements = list(packaging.public_procurements())
    assert len(procurements) == 2
    package = _roundtrip(packaging.release_package(procurements, URL))
    assert validation.errors(package, "release-package") == []
    # the open tender (clarified) and the single source, awarded (its contract needs the
    # workforce demo's posts, not generated here)
    assert sorted(t for r in package["releases"] for t in r["tag"]) == [
        "award",
        "planning",
        "planning",
        "tender",
        "tenderAmendment",
    ]
    text = jsonout.dumps(package)
    assert "更正：服务人数由300人调整为360人" in text
    assert "单一来源采购" in text
    recs = _roundtrip(packaging.record_package(procurements, URL, URL))
    assert validation.errors(recs, "record-package") == []


def test_contract_and_implementation_releases_validate_and_compile(world):
    p = _awarded_single_source(world)
    contract = builders.ContractFacts(
        id="HT-2026-001",
        title="禁毒专项服务合同",
        status="signed",
        amount=Decimal("12345678.90"),
        signed_on=date(2026, 3, 20),
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 3, 31),
    )
    payments = [
        builders.PaymentFacts("PAY-1", date(2026, 4, 10), Decimal("0.10")),
        builders.PaymentFacts("PAY-2", date(2026, 7, 10), Decimal("0.20")),
    ]
    stages = builders.Stages(
        award=builders.award_facts(p, amount=Decimal("12345678.90")),
        contracts=[(contract, payments)],
    )
    releases = builders.releases(p, stages)
    assert [r["tag"] for r in releases] == [
        ["planning"],
        ["tender"],
        ["award"],
        ["contract"],
        ["implementation"],
    ]
    package = _roundtrip(packaging.package_header(URL, None) | {"releases": releases})
    assert validation.errors(package, "release-package") == []
    text = jsonout.dumps(releases[-1])
    assert '"value":{"amount":0.10,"currency":"CNY"}' in text
    assert '"value":{"amount":0.20,"currency":"CNY"}' in text
    assert '"amount":12345678.90' in text
    compiled = records.compile_releases(releases)
    [merged] = compiled["contracts"]
    assert merged["status"] == "active"
    assert merged["dateSigned"] == "2026-03-20T00:00:00+08:00"
    total = sum(t["value"]["amount"] for t in merged["implementation"]["transactions"])
    assert total == Decimal("0.30")
    assert compiled["tag"] == ["compiled"]
    assert compiled["planning"]["budget"]["amount"] == {
        "amount": Decimal("0.30"),
        "currency": "CNY",
    }


def test_invalid_releases_are_caught(world):
    _awarded_single_source(world)
    [p] = _all(world)
    release = _roundtrip(builders.planning_release(p))
    assert validation.errors(release, "release") == []
    as_string = _roundtrip(release)
    as_string["planning"]["budget"]["amount"]["amount"] = "0.30"
    assert validation.errors(as_string, "release") == [
        "planning/budget/amount/amount: '0.30' is not of type 'number', 'null'"
    ]
    no_ocid = _roundtrip(release)
    del no_ocid["ocid"]
    assert validation.errors(no_ocid, "release") == [": 'ocid' is a required property"]


def test_money_is_exact_and_never_a_float():
    assert jsonout.dumps(jsonout.money(Decimal("0.1") + Decimal("0.2"))) == (
        '{"amount":0.30,"currency":"CNY"}'
    )
    assert jsonout.dumps(jsonout.money(Decimal("12345678.9"))) == (
        '{"amount":12345678.90,"currency":"CNY"}'
    )
    with pytest.raises(TypeError):
        jsonout.money(0.3)
    with pytest.raises(TypeError):
        jsonout.dumps({"amount": 0.3})


def test_the_tender_release_maps_the_procurement(world):
    p = _published_tender(world)
    release = builders.tender_release(p)
    t = release["tender"]
    assert release["ocid"] == f"ocds-shegong-{p.pk}"
    assert release["tag"] == ["tenderAmendment"]
    assert (t["procurementMethod"], t["procurementMethodDetails"]) == ("open", "公开招标")
    assert t["status"] == "active"
    assert t["awardCriteriaDetails"] == "价格 30%；服务方案 70%"
    assert t["tenderPeriod"]["endDate"] == f"{today() + timedelta(days=30)}T09:30:00+08:00"
    assert t["amendments"][0]["description"] == "答疑：服务人数为360人。"
    assert t["title"] == "长者服务项目公开招标"
    assert [party["roles"] for party in release["parties"]] == [["buyer", "procuringEntity"]]
    assert release["parties"][0]["id"] == f"CN-GB2260-{world['tree']['futian'].code}"


@override_settings(OCDS_OCID_PREFIX="ocds-abc123")
def test_the_ocid_follows_the_setting(world):
    p = _published_tender(world)
    assert builders.tender_release(p)["ocid"] == f"ocds-abc123-{p.pk}"


def test_release_ids_are_stable_and_change_with_the_data(world):
    p = _published_tender(world)
    first = builders.tender_release(p)["id"]
    assert builders.tender_release(Procurement.objects.get(pk=p.pk))["id"] == first
    services.clarify(world["officer"], p, "更正：服务期调整为十二个月。", False)
    second = builders.tender_release(Procurement.objects.get(pk=p.pk))["id"]
    assert second != first
    assert second.startswith(f"ocds-shegong-{p.pk}-tender-")


def test_the_supplier_is_a_party_only_after_the_award(world):
    p = _awarded_single_source(world)
    tender_parties = {x["id"] for x in builders.tender_release(p)["parties"]}
    award = builders.award_release(p, builders.award_facts(p))
    code = world["org_luohu"].credit_code
    assert f"CN-USCC-{code}" not in tender_parties
    assert award["parties"][1] == {
        "id": f"CN-USCC-{code}",
        "name": "罗湖社工服务中心",
        "identifier": {"scheme": "CN-USCC", "id": code, "legalName": "罗湖社工服务中心"},
        "roles": ["supplier", "tenderer"],
    }
    assert award["awards"][0]["date"] == "2026-03-13T00:00:00+08:00"
    assert builders.tender_release(p)["tender"]["procurementMethod"] == "direct"


def test_no_draft_and_no_private_data(world):
    tender(world["item_luohu"], title="草稿采购不公开")  # a draft
    cancelled_draft = tender(world["item_luohu"], title="撤销的草稿")
    services.cancel(world["luohu_officer"], cancelled_draft, "不再需要")
    supplier = world["org_luohu"]
    supplier.contact_person = "王秘密"
    supplier.contact_phone = "13912345678"
    supplier.contact_email = "secret@example.org"
    supplier.address = "罗湖区秘密路1号"
    supplier.save()
    the_item = item(world["plan_luohu"], method="single_source")
    p = services.create_procurement(
        world["luohu_officer"],
        Procurement,
        {
            "plan_item": the_item,
            "title": "单一来源采购",
            "single_source_reason": "唯一具备该专项资质的机构",
            "proposed_supplier": supplier,
        },
    )
    p = services.publish(world["luohu_officer"], p, on=date(2026, 3, 5))
    services.lodge_objection(
        world["luohu_officer"], p, world["org_futian"], "异议内容不公开", on=date(2026, 3, 6)
    )
    services.award_single_source(world["luohu_officer"], p, on=date(2026, 3, 13))
    procurements = _all(world)
    assert [x.pk for x in procurements] == [p.pk]
    for package in (
        packaging.release_package(procurements, URL),
        packaging.record_package(procurements, URL, URL),
    ):
        text = jsonout.dumps(package)
        assert "罗湖社工服务中心" in text  # the awarded supplier is public
        for private in (
            "草稿",
            "异议内容不公开",
            "福田社工服务中心",  # the objector
            "王秘密",
            "13912345678",
            "secret@example.org",
            "秘密路",
        ):
            assert private not in text, private


def test_the_codelist_mappings_name_real_codes():
    assert set(codelists.METHOD.values()) <= codelists.codes("method")
    assert set(codelists.TENDER_STATUS.values()) <= codelists.codes("tenderStatus")
    assert set(codelists.CONTRACT_STATUS.values()) <= codelists.codes("contractStatus")
    assert set(codelists.TAG.values()) <= codelists.codes("releaseTag")
    assert codelists.METHOD == {
        "open_tender": "open",
        "competitive_negotiation": "selective",
        "single_source": "direct",
    }


def test_compiling_merges_by_id_and_replaces_plain_lists():
    older = {
        "ocid": "o",
        "id": "1",
        "date": "2026-01-01T00:00:00+08:00",
        "tag": ["tender"],
        "parties": [{"id": "a", "name": "甲", "roles": ["buyer"]}],
        "tender": {"id": "t", "amendments": [{"id": "c1", "description": "一"}]},
    }
    newer = {
        "ocid": "o",
        "id": "2",
        "date": "2026-02-01T00:00:00+08:00",
        "tag": ["award"],
        "parties": [{"id": "a", "roles": ["buyer", "payer"]}, {"id": "b", "name": "乙"}],
        "tender": {"amendments": [{"id": "c2", "description": "二"}]},
    }
    compiled = records.compile_releases([newer, older])
    assert compiled["parties"] == [
        {"id": "a", "name": "甲", "roles": ["buyer", "payer"]},
        {"id": "b", "name": "乙"},
    ]
    assert [a["id"] for a in compiled["tender"]["amendments"]] == ["c1", "c2"]
    assert (compiled["id"], compiled["date"], compiled["tag"]) == (
        "o-compiled",
        "2026-02-01T00:00:00+08:00",
        ["compiled"],
    )


def test_the_json_writer_escapes_text_and_keeps_chinese():
    document = {"t": '引号"与\\反斜杠\n换行', "n": None, "b": [True, False, 3]}
    text = jsonout.dumps(document)
    assert text == '{"t":"引号\\"与\\\\反斜杠\\n换行","n":null,"b":[true,false,3]}'
    assert jsonout.loads(text) == document


def test_a_cancelled_tender_is_published_as_a_cancellation(world):
    p = _published_tender(world)
    services.cancel(world["officer"], Procurement.objects.get(pk=p.pk), "预算调整")
    [cancelled] = _all(world)
    release = _roundtrip(builders.tender_release(cancelled))
    assert release["tag"] == ["tenderCancellation"]
    assert release["tender"]["status"] == "cancelled"
    assert validation.errors(release, "release") == []


def test_pages_follow_the_ids(world):
    first = _published_tender(world)
    second = services.publish(world["luohu_officer"], _luohu_draft(world))
    one = packaging.page(1, size=1)
    two = packaging.page(2, size=1)
    assert ([p.pk for p in one.procurements], one.has_next) == ([first.pk], True)
    assert ([p.pk for p in two.procurements], two.has_next) == ([second.pk], False)
    assert [p.pk for p in packaging.page(1, ocid=f"ocds-shegong-{second.pk}").procurements] == [
        second.pk
    ]
    assert packaging.page(1, ocid=f"other-{second.pk}").procurements == []


def _luohu_draft(world):
    draft = tender(world["item_luohu"], bid_deadline=today() + timedelta(days=30))
    criteria(draft)
    return draft
