"""One OCDS 1.1.5 release per stage of a procurement (issue 14, point 7; ADR 0053).

A release is a plain dict: amounts are Decimal (``jsonout.money``), dates ISO 8601 with the
offset (``jsonout.at``), texts as entered (Chinese). Its ``id`` is ``<ocid>-<stage>-<hash>``,
the hash of its content: the same state gives the same id, a change gives a new one.

The award reads the procurement's awarded state and its supplier; the contract and
implementation releases take plain values (:class:`ContractFacts`, :class:`PaymentFacts`), so
the contracts stage wires them in a few lines. Nothing here reads bids' content, scores or
private fields (the award's value is the winning bid's price, public with the award notice),
and nothing is built for a draft (``packaging.public_procurements``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from shegong.registry.signing.payloads import public_base_url

from ..choices import SCORED_METHODS, ProcurementStatus
from . import codelists
from .jsonout import at, dumps, money

S = ProcurementStatus
LANGUAGE = "zh"
AWARDED_STATES = {S.AWARDED, S.CONTRACTED}


def ocid(procurement_id: int) -> str:
    """``<OCDS_OCID_PREFIX>-<procurement id>``: stable for the life of the procurement."""
    return f"{settings.OCDS_OCID_PREFIX}-{procurement_id}"


# --- parties ------------------------------------------------------------------------------


def district_party(area) -> dict:
    """The buyer district, also the procuring entity. Id ``CN-GB2260-<division code>``: the
    administrative division code (GB/T 2260) names a district uniquely."""
    return {
        "id": f"CN-GB2260-{area.code}",
        "name": area.name,
        "identifier": {"scheme": "CN-GB2260", "id": area.code, "legalName": area.name},
        "roles": ["buyer", "procuringEntity"],
    }


def organisation_party(org, roles: list[str]) -> dict:
    """A supplier: id ``CN-USCC-<unified social credit code>`` (the national register of legal
    persons); an organisation without a code gets ``shegong-org-<id>`` and no identifier."""
    if org.credit_code:
        return {
            "id": f"CN-USCC-{org.credit_code}",
            "name": org.name,
            "identifier": {"scheme": "CN-USCC", "id": org.credit_code, "legalName": org.name},
            "roles": roles,
        }
    return {"id": f"shegong-org-{org.pk}", "name": org.name, "roles": roles}


def reference(party: dict) -> dict:
    return {"id": party["id"], "name": party["name"]}


# --- the release frame --------------------------------------------------------------------


def _release(procurement, stage: str, tag: str, when: str, body: dict, parties: list) -> dict:
    buyer = district_party(procurement.buyer)
    content = {
        "ocid": ocid(procurement.pk),
        "date": when,
        "tag": [tag],
        "initiationType": "tender",
        "language": LANGUAGE,
        "parties": [buyer, *parties],
        "buyer": reference(buyer),
        **body,
    }
    digest = hashlib.sha256(dumps(content).encode()).hexdigest()[:12]
    return {"id": f"{content['ocid']}-{stage}-{digest}", **content}


# --- planning -----------------------------------------------------------------------------


def planning_release(procurement) -> dict:
    """Planning: the plan item's estimated value as the budget, the plan as the rationale."""
    item = procurement.plan_item
    plan = item.plan
    what = item.project or f"{item.field} · {item.posts or ''}"
    rationale = f"{plan.title}：{what}"
    if item.note:
        rationale += f"。{item.note}"
    body = {
        "planning": {
            "rationale": rationale,
            "budget": {
                "id": f"plan-item-{item.pk}",
                "description": plan.title,
                "amount": money(item.estimated_value),
                "project": what,
            },
        }
    }
    # Dated by the plan item's day, or the publication's if the item was entered after it.
    day = timezone.localdate(item.created_at)
    if procurement.published_on and procurement.published_on < day:
        day = procurement.published_on
    return _release(procurement, "planning", "planning", at(day), body, [])


# --- tender -------------------------------------------------------------------------------


def _criteria_details(procurement) -> str:
    return "；".join(f"{c.name} {c.weight.normalize():f}%" for c in procurement.criteria.all())


def _eligibility(procurement) -> str:
    parts = ["在本市登记、状态正常且无在执行处罚的社会组织"]
    if procurement.minimum_grade:
        parts.append(f"评估等级不低于{procurement.minimum_grade}")
    if procurement.minimum_credentialed_staff:
        parts.append(f"持证社会工作者不少于{procurement.minimum_credentialed_staff}名")
    return "；".join(parts)


def _amendment(clarification) -> dict:
    description = clarification.text
    if clarification.moved_deadline:
        description += (
            f"（投标截止日期由{clarification.deadline_before:%Y-%m-%d}"
            f"调整为{clarification.deadline_after:%Y-%m-%d}）"
        )
    return {
        "id": f"clarification-{clarification.pk}",
        "date": at(clarification.made_on),
        "description": description,
        "rationale": "澄清或者修改" if clarification.changes_documents else "澄清",
    }


def document_url(document) -> str:
    """The public download address of a published tender document on the portal
    (``portal:tender_document``), absolute from ``PUBLIC_URL``."""
    return public_base_url() + reverse("portal:tender_document", args=[document.pk])


def _document(procurement, document) -> dict:
    return {
        "id": f"document-{document.pk}",
        "documentType": "biddingDocuments",
        "title": document.title,
        "url": document_url(document),
        "datePublished": at(procurement.published_on),
        "language": LANGUAGE,
    }


def tender_release(procurement) -> dict:
    """Tender: the published procurement, its method, period, status, public documents,
    criteria and clarifications (as amendments). Tagged ``tenderAmendment`` once clarified and
    ``tenderCancellation`` when cancelled; dated by its latest change."""
    buyer = district_party(procurement.buyer)
    clarifications = list(procurement.clarifications.all())
    tender = {
        "id": f"{ocid(procurement.pk)}-tender",
        "title": procurement.title,
        "status": codelists.TENDER_STATUS[procurement.status],
        "procuringEntity": reference(buyer),
        "value": money(procurement.plan_item.estimated_value),
        "procurementMethod": codelists.METHOD[procurement.method],
        "procurementMethodDetails": codelists.METHOD_DETAILS[procurement.method],
        "mainProcurementCategory": "services",
        "eligibilityCriteria": _eligibility(procurement),
        "documents": [_document(procurement, d) for d in procurement.documents.all()],
    }
    if procurement.description:
        tender["description"] = procurement.description
    if procurement.is_single_source:
        tender["procurementMethodRationale"] = procurement.single_source_reason
        tender["awardCriteria"] = "singleBidOnly"
    elif procurement.method in SCORED_METHODS:
        tender["awardCriteria"] = "ratedCriteria"
        tender["awardCriteriaDetails"] = _criteria_details(procurement)
    period = {"startDate": at(procurement.published_on)}
    if procurement.bid_deadline:
        period["endDate"] = at(procurement.bid_deadline, procurement.opening_time)
    tender["tenderPeriod"] = period
    if clarifications:
        tender["amendments"] = [_amendment(c) for c in clarifications]
    when, tag = at(procurement.published_on), codelists.TAG["tender"]
    if clarifications:
        when, tag = at(clarifications[-1].made_on), "tenderAmendment"
    if procurement.status == S.CANCELLED:
        when, tag = at(procurement.updated_at), codelists.TAG["tender_cancelled"]
    return _release(procurement, "tender", tag, when, {"tender": tender}, [])


# --- award --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AwardFacts:
    """An award as plain values: the supplier (an Organisation), the day, the amount if known,
    its number (1, then 2 after an upheld challenge) and its status (``codelists.AWARD_STATUS``:
    ``active``, ``revoked``)."""

    supplier: object
    awarded_on: date
    amount: Decimal | None = None
    number: int = 1
    status: str = "active"


def award_facts(procurement, supplier=None, amount: Decimal | None = None) -> AwardFacts | None:
    """The award of an awarded (or contracted) procurement: a single source's proposed
    supplier, or the award in force of an evaluated procurement (``procurement.awards``, its
    winning bid's supplier and price; prefetched by ``packaging``). None before."""
    if procurement.status not in AWARDED_STATES or procurement.awarded_on is None:
        return None
    if supplier is None and procurement.is_single_source:
        supplier = procurement.proposed_supplier
    number = 1
    if supplier is None:
        current = [a for a in procurement.awards.all() if a.status == "active"]
        if not current:
            return None
        supplier, amount, number = current[0].supplier, current[0].amount, current[0].number
    return AwardFacts(
        supplier=supplier, awarded_on=procurement.awarded_on, amount=amount, number=number
    )


def award_id(procurement, number: int = 1) -> str:
    return f"{ocid(procurement.pk)}-award-{number}"


def award_release(procurement, facts: AwardFacts, cancelled_on: date | None = None) -> dict:
    """Award: the supplier (now a party, as supplier and tenderer) and the award (FIN-3: its
    supplier, value, date and status). With ``cancelled_on``, the award's cancellation: the
    same award, status ``cancelled``, in a release of that day tagged ``awardCancellation``."""
    supplier = organisation_party(facts.supplier, ["supplier", "tenderer"])
    award = {
        "id": award_id(procurement, facts.number),
        "title": procurement.title,
        "status": codelists.AWARD_STATUS[facts.status],
        "date": at(facts.awarded_on),
        "suppliers": [reference(supplier)],
    }
    if facts.amount is not None:
        award["value"] = money(facts.amount)
    stage = "award" if facts.number == 1 else f"award-{facts.number}"
    tag, when = "award", at(facts.awarded_on)
    if cancelled_on is not None:
        stage, tag = f"{stage}-cancellation", codelists.TAG["award_cancelled"]
        when = at(cancelled_on)
    return _release(procurement, stage, tag, when, {"awards": [award]}, [supplier])


def revoked_award_releases(procurement) -> list[dict]:
    """FIN-3: an award revoked after an upheld challenge stays on the public record (OCDS keeps
    history; a reader must see why a second award or a failed tender followed): the award as
    it was noticed, then its cancellation on the day it was revoked, under the award's own id
    (``-award-1``), so the compiled record shows it ``cancelled`` beside the award in force.
    Reads ``procurement.awards`` (prefetched by ``packaging.public_procurements``)."""
    out = []
    for award in procurement.awards.all():
        if award.status != "revoked" or award.revoked_on is None:
            continue
        facts = AwardFacts(
            supplier=award.supplier,
            awarded_on=award.noticed_on,
            amount=award.amount,
            number=award.number,
        )
        out.append(award_release(procurement, facts))
        cancelled = replace(facts, status="revoked")
        out.append(award_release(procurement, cancelled, cancelled_on=award.revoked_on))
    return out


# --- contract and implementation (wired by the contracts stage) ----------------------------


@dataclass(frozen=True)
class ContractFacts:
    """A contract as plain values; ``status`` is the contracts stage's state name
    (``codelists.CONTRACT_STATUS``)."""

    id: str
    title: str
    status: str
    amount: Decimal
    signed_on: date | None = None
    starts_on: date | None = None
    ends_on: date | None = None


@dataclass(frozen=True)
class PaymentFacts:
    """A payment (拨付) made under a contract, as plain values."""

    id: str
    paid_on: date
    amount: Decimal
    payee: object = None  # the supplier Organisation


def _contract(procurement, facts: ContractFacts, award_number: int = 1) -> dict:
    contract = {
        "id": facts.id,
        "awardID": award_id(procurement, award_number),
        "title": facts.title,
        "status": codelists.CONTRACT_STATUS[facts.status],
        "value": money(facts.amount),
    }
    if facts.signed_on:
        contract["dateSigned"] = at(facts.signed_on)
    period = {}
    if facts.starts_on:
        period["startDate"] = at(facts.starts_on)
    if facts.ends_on:
        period["endDate"] = at(facts.ends_on)
    if period:
        contract["period"] = period
    return contract


def contract_release(
    procurement, facts: ContractFacts, supplier=None, award_number: int = 1
) -> dict:
    """Contract: the signed contract of the award."""
    parties = [organisation_party(supplier, ["supplier", "tenderer"])] if supplier else []
    when = at(facts.signed_on) if facts.signed_on else at(procurement.updated_at)
    body = {"contracts": [_contract(procurement, facts, award_number)]}
    return _release(procurement, f"contract-{facts.id}", "contract", when, body, parties)


def implementation_release(
    procurement,
    facts: ContractFacts,
    payments: list[PaymentFacts],
    supplier=None,
    award_number: int = 1,
) -> dict:
    """Implementation: the payments of a contract as transactions, the district paying."""
    payer = reference(district_party(procurement.buyer))
    parties = []
    payee = None
    if supplier is not None:
        party = organisation_party(supplier, ["supplier", "tenderer", "payee"])
        parties.append(party)
        payee = reference(party)
    transactions = []
    for p in payments:
        transaction = {
            "id": p.id,
            "date": at(p.paid_on),
            "value": money(p.amount),
            "payer": payer,
        }
        if payee:
            transaction["payee"] = payee
        transactions.append(transaction)
    contract = _contract(procurement, facts, award_number)
    contract["implementation"] = {"transactions": transactions}
    when = at(max(p.paid_on for p in payments)) if payments else at(procurement.updated_at)
    body = {"contracts": [contract]}
    return _release(
        procurement, f"implementation-{facts.id}", "implementation", when, body, parties
    )


@dataclass
class Stages:
    """What is known of a procurement beyond its tender: the award, contracts, payments."""

    award: AwardFacts | None = None
    contracts: list[tuple[ContractFacts, list[PaymentFacts]]] = field(default_factory=list)


def contract_facts(procurement) -> list[tuple[ContractFacts, list[PaymentFacts]]]:
    """FIN-6, FIN-2: the procurement's contracts and the payments made under each (the
    ``procurement.contracts`` and their ``payments``, prefetched by ``packaging``)."""
    return [
        (
            ContractFacts(
                id=str(c.pk),
                title=c.title,
                status=c.status,
                amount=c.value,
                signed_on=c.signed_on,
                starts_on=c.starts_on,
                ends_on=c.ends_on,
            ),
            [
                PaymentFacts(id=f"payment-{p.pk}", paid_on=p.paid_on, amount=p.amount)
                for p in c.payments.all()
            ],
        )
        for c in procurement.contracts.all()
    ]


def releases(procurement, stages: Stages | None = None) -> list[dict]:
    """Every release of a public procurement, oldest first."""
    stages = stages or Stages(award=award_facts(procurement), contracts=contract_facts(procurement))
    out = [planning_release(procurement), tender_release(procurement)]
    if not procurement.is_single_source:
        out.extend(revoked_award_releases(procurement))
    if stages.award is not None:
        out.append(award_release(procurement, stages.award))
        supplier, number = stages.award.supplier, stages.award.number
        for contract, payments in stages.contracts:
            out.append(contract_release(procurement, contract, supplier, number))
            if payments:
                out.append(
                    implementation_release(procurement, contract, payments, supplier, number)
                )
    return sorted(out, key=lambda r: r["date"])
