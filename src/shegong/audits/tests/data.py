"""The audits tests' world: on the procurement tests' world (Futian and Luohu, an organisation
in each), a contract of each district with its supplier, one payment on Futian's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from shegong.audits import services
from shegong.audits.models import Audit
from shegong.core.services import create_record
from shegong.core.testing import factories
from shegong.procurement import services as procurement
from shegong.procurement.models import Instalment
from shegong.procurement.tests.contract_data import awarded, contract_data


def contract(w, district="futian"):
    supplier = w[f"org_{district}"]
    officer = w["officer"] if district == "futian" else w["luohu_officer"]
    p = awarded(w, supplier, district=district)
    posts = w["posts_futian"] if district == "futian" else [w["post_luohu"]]
    number = "FT-2026-001" if district == "futian" else "LH-2026-001"
    return procurement.create_contract(
        officer,
        p,
        contract_data(number=number),
        [(w[f"line_{district}"], Decimal("200000.00"))],
        posts=posts,
    )


def pay(w, contract, amount, on):
    instalment = procurement.add_instalment(
        w["officer"],
        Instalment,
        {
            "contract": contract,
            "number": contract.instalments.count() + 1,
            "due_on": on,
            "amount": Decimal(amount),
            "funding": contract.lines.get(),
        },
    )
    return procurement.pay_instalment(w["officer"], instalment, on=on)


def auditor_firm(district):
    return factories.organisation(district, "鹏城会计师事务所")


def audit(contract, *, external=None, actor=None, kind="financial"):
    data = {
        "contract": contract,
        "kind": kind,
        "conducted_by": "external" if external else "internal",
        "auditor": external,
        "scope": "2026年度购买服务资金使用情况",
        "period_from": date(2026, 4, 1),
        "period_to": date(2026, 12, 31),
        "starts_on": date(2026, 6, 1),
    }
    return create_record(actor, Audit, data, "审计计划")


def finding(audit, text="部分支出凭证不全", actor=None):
    return services.add_finding(actor, None, {"audit": audit, "severity": "minor", "text": text})


def action(finding, due_on, actor=None, party="supplier"):
    return services.add_action(
        actor,
        None,
        {
            "finding": finding,
            "text": "补齐支出凭证并报送",
            "party": party,
            "owner": "机构财务负责人",
            "due_on": due_on,
        },
    )
